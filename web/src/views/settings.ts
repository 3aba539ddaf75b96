import { client, ok } from '../api';
import { h, shortDate } from '../dom';
import { isOperator, session } from '../session';
import { apiKeysSection, usersSection } from './settings-admin';
import { profileSection } from './settings-profile';
import { tenantSection } from './settings-tenant';

/** Settings: my profile and password, the organisation, the license status; people and API keys for owners and admins. */
export async function settingsView(): Promise<HTMLElement> {
  const admin = session.me?.role === 'owner' || session.me?.role === 'admin';
  // The license first: the people section reads its seats from the session.
  const l = await ok(client.api.license.$get());
  session.license = l;
  const [tenant, people, keys] = await Promise.all([tenantSection(), admin ? usersSection() : null, admin ? apiKeysSection() : null]);
  const row = (k: string, v: string | number | null | undefined) => [
    h('dt', null, k),
    h('dd', null, v === null || v === undefined || v === '' ? '—' : String(v)),
  ];
  return h(
    'div',
    { class: 'settings' },
    profileSection(),
    tenant,
    h(
      'section',
      { class: 'card' },
      h('h2', null, 'License'),
      h(
        'dl',
        { class: 'fields' },
        row('Status', `${l.status}${l.readOnly ? ' (read-only)' : ''}`),
        row('Customer', l.customer),
        row('Tier', l.tierName ?? l.tier),
        row('Seats', `${l.seats.used} of ${l.seats.licensed} used`),
        row('Organisations', `${l.tenants.used} of ${l.tenants.licensed}`),
        row('Expires', l.expiresAt ? `${shortDate(l.expiresAt)}${l.daysLeft !== null ? ` (${l.daysLeft} days)` : ''}` : 'never'),
        row('Grace ends', shortDate(l.graceEndsAt)),
        row(
          'Validation',
          l.policy?.mode === 'air-gapped'
            ? 'air-gapped (no checks)'
            : `${l.lastValidation.result ?? 'not yet'} ${shortDate(l.lastValidation.attemptedAt)}`,
        ),
        row('Features', l.features.join(', ')),
      ),
      l.warnings.length
        ? h(
            'ul',
            { class: 'warnings' },
            l.warnings.map((w) => h('li', null, w)),
          )
        : null,
    ),
    people,
    keys,
    isOperator()
      ? h(
          'section',
          { class: 'card', 'aria-labelledby': 'operator-title' },
          h('h2', { id: 'operator-title' }, 'Instance operator'),
          h(
            'p',
            null,
            'You can manage every organisation on this server: ',
            h('a', { href: '/admin/tenants' }, 'Organisations on this server'),
            '.',
          ),
        )
      : null,
  );
}
