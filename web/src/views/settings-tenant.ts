import { client, ok } from '../api';
import { field, h, uid } from '../dom';
import { refreshWhoLine, session, writeForm } from '../session';
import type { Tenant } from '../types';
import { clearFormErrors, showFormErrors, success } from './form-errors';

const canChange = () => session.me?.role === 'owner' || session.me?.role === 'admin';

function readOnlyList(t: Tenant): HTMLElement {
  const row = (k: string, v: string | undefined) => [h('dt', null, k), h('dd', null, v || '—')];
  return h(
    'dl',
    { class: 'fields' },
    row('Name', t.name),
    row('Slug', t.slug),
    row('Time zone', t.settings.timezone),
    row('Currency', t.settings.currency),
    row('Brand colour', t.settings.branding.primaryColor),
    row('Logo text', t.settings.branding.logoText),
  );
}

function timeZones(): HTMLDataListElement {
  // Chromium lists every IANA zone it knows; the server checks the same way (Intl), so the two agree.
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return h(
    'datalist',
    { id: uid('zones') },
    ['UTC', ...zones].map((z) => h('option', { value: z })),
  );
}

function editForm(t: Tenant, onSaved: (t: Tenant) => void): HTMLFormElement {
  const zones = timeZones();
  const name = h('input', { name: 'name', required: true, maxlength: 120, autocomplete: 'organization', value: t.name });
  const timezone = h('input', {
    name: 'settings.timezone',
    list: zones.id,
    autocomplete: 'off',
    spellcheck: 'false',
    value: t.settings.timezone,
  });
  const currency = h('input', {
    name: 'settings.currency',
    maxlength: 3,
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'short',
    value: t.settings.currency,
  });
  const color = h('input', {
    name: 'settings.branding.primaryColor',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: '#1f5fbf',
    value: t.settings.branding.primaryColor ?? '',
  });
  const logo = h('input', {
    name: 'settings.branding.logoText',
    maxlength: 40,
    autocomplete: 'off',
    value: t.settings.branding.logoText ?? '',
  });
  const status = h('div', { class: 'form-status' });
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-label': 'Organisation settings',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFormErrors(form, status);
        // The server merges branding, so an empty box means "leave as is", not "clear".
        const branding = {
          ...(color.value.trim() ? { primaryColor: color.value.trim() } : {}),
          ...(logo.value.trim() ? { logoText: logo.value.trim() } : {}),
        };
        try {
          const saved = await ok(
            client.api.tenant.$patch({
              json: {
                name: name.value,
                settings: { timezone: timezone.value.trim(), currency: currency.value.trim().toUpperCase(), branding },
              },
            }),
          );
          onSaved(saved);
          // Show what the server kept (it trims, and the currency is upper-cased here).
          name.value = saved.name;
          timezone.value = saved.settings.timezone;
          currency.value = saved.settings.currency;
          color.value = saved.settings.branding.primaryColor ?? '';
          logo.value = saved.settings.branding.logoText ?? '';
          status.replaceChildren(success('Saved the organisation settings.'));
        } catch (err) {
          showFormErrors(form, status, err);
        }
      },
    },
    h(
      'fieldset',
      null,
      field('Organisation name', name),
      h('p', { class: 'hint' }, `Sign-in address (slug): ${t.slug}. Only an operator can change it.`),
      field('Time zone', timezone, 'An IANA time zone, e.g. Europe/Madrid.'),
      zones,
      field('Currency', currency, 'Three-letter code for new deals, e.g. EUR.'),
      field('Brand colour', color, 'A colour like #1f5fbf; leave empty to keep the current one.'),
      field('Logo text', logo, 'Up to 40 characters; leave empty to keep the current one.'),
    ),
    status,
    h('button', { type: 'submit', class: 'primary' }, 'Save organisation'),
  );
  return form;
}

/** GET/PATCH /api/tenant: owners and admins edit; everyone else reads. */
export async function tenantSection(): Promise<HTMLElement> {
  const t = await ok(client.api.tenant.$get());
  const section = h('section', { class: 'card', 'aria-labelledby': 'tenant-title' }, h('h2', { id: 'tenant-title' }, 'Organisation'));
  const form = canChange()
    ? writeForm(
        editForm(t, (saved) => {
          if (session.me) session.me.tenant.name = saved.name;
          refreshWhoLine();
        }),
      )
    : null;
  if (form) section.append(form);
  else section.append(readOnlyList(t), h('p', { class: 'hint' }, 'Only owners and admins can change these.'));
  return section;
}
