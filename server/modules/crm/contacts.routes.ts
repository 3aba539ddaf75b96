import { contactSpec } from './contacts.record';
import { ContactDuplicates, ContactDuplicatesQuery } from './duplicates.schemas';
import { contactDuplicates } from './duplicates.service';
import { duplicatesRoute, mergeRoute } from './merge.routes';
import { mergeRecords } from './merge.service';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const contactsRoutes = recordRoutes(contactSpec, (app) =>
  app.openapi(duplicatesRoute(contactSpec, ContactDuplicatesQuery, ContactDuplicates, 'email or name'), async (c) =>
    c.json(await contactDuplicates(c.get('ctx'), c.req.valid('query')), 200),
  ),
)
  .openapi(timelineRoute(contactSpec, 'contact'), async (c) =>
    c.json(await timeline(c.get('ctx'), contactSpec, c.req.valid('param').id, c.req.valid('query')), 200),
  )
  .openapi(mergeRoute(contactSpec), async (c) =>
    c.json(await mergeRecords(c.get('ctx'), contactSpec, c.req.valid('param').id, c.req.valid('json')), 200),
  );
