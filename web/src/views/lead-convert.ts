import { ApiError, client, ok } from '../api';
import { field, h, money, shortDate } from '../dom';
import { displayName, getRecord } from '../records';
import { navigate } from '../router';
import { writeControl } from '../session';
import type { Deal, Lead, Pipeline } from '../types';
import { openDialog } from './dialog';
import { errorBox } from './login';
import { showFieldErrors } from './record-form';

/** The API names deal fields `createDeal.title`; the dialog's inputs are named by the last part. */
function showConvertErrors(form: HTMLFormElement, status: HTMLElement, err: unknown) {
  const mapped =
    err instanceof ApiError
      ? new ApiError(err.status, err.code, err.message, {
          ...err.details,
          fields: err.fields.map((f) => ({ ...f, path: f.path.split('.').pop() ?? f.path })),
        })
      : err;
  showFieldErrors(form, status, mapped);
}

async function convertDialog(lead: Lead) {
  const pipelines = (await ok(client.api.pipelines.$get({ query: {} }))).data as Pipeline[];
  const pipeline = pipelines.find((p) => p.isDefault) ?? pipelines[0];
  const withDeal = h('input', { type: 'checkbox', name: 'withDeal', id: 'convert-with-deal', checked: Boolean(pipeline) });
  const title = h('input', { name: 'title', value: lead.title, required: true });
  const value = h('input', { name: 'value', type: 'number', min: '0', step: '0.01', inputmode: 'decimal', value: lead.value ?? '' });
  const stage = h(
    'select',
    { name: 'stageId' },
    (pipeline?.stages ?? []).filter((s) => s.kind === 'open').map((s) => h('option', { value: s.id }, s.name)),
  );
  const dealFields = h(
    'fieldset',
    { class: 'deal-fields', disabled: !withDeal.checked },
    h('legend', null, pipeline ? `The deal (${pipeline.name} pipeline)` : 'The deal'),
    field('Deal title', title),
    field('Deal value', value),
    field('Deal stage', stage),
  );
  withDeal.addEventListener('change', () => (dealFields.disabled = !withDeal.checked));
  const becomes = [lead.contactName || lead.title, lead.companyName ? `at ${lead.companyName} (found by name, or created)` : null]
    .filter(Boolean)
    .join(' ');

  const done = await openDialog({
    title: `Convert “${lead.title}”`,
    body: [
      h('p', null, `Creates the contact ${becomes}. The lead stays, linked to what it became.`),
      h('p', { class: 'check' }, withDeal, h('label', { for: withDeal.id }, 'Also create a deal')),
      pipeline ? dealFields : h('p', { class: 'hint' }, 'There is no pipeline, so no deal can be created.'),
    ],
    confirm: 'Convert',
    showErrors: showConvertErrors,
    onConfirm: async () => {
      const createDeal =
        withDeal.checked && pipeline
          ? {
              title: title.value.trim() || undefined,
              pipelineId: pipeline.id,
              stageId: stage.value || undefined,
              ...(value.value ? { value: Number(value.value) } : {}),
            }
          : undefined;
      return ok(client.api.leads[':id'].convert.$post({ param: { id: lead.id }, header: {}, json: createDeal ? { createDeal } : {} }));
    },
  });
  if (done) navigate(`/contacts/${done.contactId}`);
}

/** A linked name, or a plain note when the record has since been deleted. */
async function linkTo(href: string, load: () => Promise<string>): Promise<Node> {
  try {
    return h('a', { href }, await load());
  } catch {
    return h('span', { class: 'muted' }, 'deleted');
  }
}

/** On a lead's page: what it became, or the button that converts it. */
export async function conversionSection(lead: Lead): Promise<HTMLElement> {
  if (lead.convertedAt) {
    const [contact, company, deal] = await Promise.all([
      lead.convertedContactId
        ? linkTo(`/contacts/${lead.convertedContactId}`, async () =>
            displayName('contacts', await getRecord('contacts', lead.convertedContactId!)),
          )
        : null,
      lead.convertedCompanyId
        ? linkTo(`/companies/${lead.convertedCompanyId}`, async () =>
            displayName('companies', await getRecord('companies', lead.convertedCompanyId!)),
          )
        : null,
      lead.convertedDealId
        ? linkTo(`/deals`, async () => {
            const d = (await ok(client.api.deals[':id'].$get({ param: { id: lead.convertedDealId! } }))) as unknown as Deal;
            return `${d.title} · ${money(d.value, d.currency)}`;
          })
        : null,
    ]);
    return h(
      'section',
      { class: 'card conversion', 'aria-labelledby': 'conversion-title' },
      h('h2', { id: 'conversion-title' }, 'Converted'),
      h('p', null, `This lead was converted on ${shortDate(lead.convertedAt)} into:`),
      h(
        'dl',
        { class: 'fields' },
        h('dt', null, 'Contact'),
        h('dd', null, contact ?? '—'),
        h('dt', null, 'Company'),
        h('dd', null, company ?? '—'),
        h('dt', null, 'Deal'),
        h('dd', null, deal ?? '—'),
      ),
    );
  }
  const status = h('div', { class: 'form-status' });
  const button = writeControl(
    h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: () => convertDialog(lead).catch((err: unknown) => status.replaceChildren(errorBox(err))),
      },
      'Convert lead…',
    ),
  );
  return h(
    'section',
    { class: 'card conversion', 'aria-labelledby': 'conversion-title' },
    h('h2', { id: 'conversion-title' }, 'Conversion'),
    h('p', null, 'Not converted yet.'),
    button,
    status,
  );
}
