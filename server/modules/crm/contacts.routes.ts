import { contactSpec } from './contacts.record';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const contactsRoutes = recordRoutes(contactSpec).openapi(timelineRoute(contactSpec, 'contact'), async (c) =>
  c.json(await timeline(c.get('ctx'), contactSpec, c.req.valid('param').id, c.req.valid('query')), 200),
);
