import { client, ok } from '../api';
import { h, shortDate } from '../dom';
import { session } from '../session';
import { apiKeysSection, usersSection } from './settings-admin';

/** Settings: the license status every role sees; people and API keys for owners and admins. */
export async function settingsView(): Promise<HTMLElement> {
  const l = await ok(client.api.license.$get());
  session.license = l;
  const admin = session.me?.role === 'owner' || session.me?.role === 'admin';
  const [people, keys] = admin ? await Promise.all([usersSection(), apiKeysSection()]) : [null, null];
  const row = (k: string, v: string | number | null | undefined) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : String(v))];
  return h(
    'div',
    { class: 'settings' },
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
        row('Validation', l.policy?.mode === 'air-gapped' ? 'air-gapped (no checks)' : `${l.lastValidation.result ?? 'not yet'} ${shortDate(l.lastValidation.attemptedAt)}`),
        row('Features', l.features.join(', ')),
      ),
      l.warnings.length ? h('ul', { class: 'warnings' }, l.warnings.map((w) => h('li', null, w))) : null,
    ),
    h('section', { class: 'card' }, h('h2', null, 'You'), h('dl', { class: 'fields' }, row('Name', session.me?.user?.name), row('Email', session.me?.user?.email), row('Role', session.me?.role), row('Organisation', session.me?.tenant.name))),
    people,
    keys,
  );
}
