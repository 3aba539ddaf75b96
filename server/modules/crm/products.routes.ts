import { productSpec } from './products.record';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const productsRoutes = recordRoutes(productSpec).openapi(timelineRoute(productSpec, 'product'), async (c) =>
  c.json(await timeline(c.get('ctx'), productSpec, c.req.valid('param').id, c.req.valid('query')), 200),
);
