import { ContactSchema, CreateContact, ListContacts, UpdateContact } from './contacts.schemas';
import { contactSpec } from './contacts.record';
import { recordRoutes } from './record-routes';
import { timelineRoute } from './timeline.routes';
import { timeline } from './timeline.service';

export const contactsRoutes = recordRoutes({
  tag: 'Contacts',
  name: 'Contact',
  spec: contactSpec,
  dto: ContactSchema,
  create: CreateContact,
  update: UpdateContact,
  list: ListContacts,
}).openapi(timelineRoute('Contacts', 'contact'), (c) =>
  c.json(timeline(c.get('ctx'), 'contacts', c.req.valid('param').id, c.req.valid('query')), 200),
);
