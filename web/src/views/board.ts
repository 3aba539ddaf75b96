import { client, ok } from '../api';
import { field, h, money } from '../dom';
import { isViewer, readOnlyReason, writeForm } from '../session';
import type { Deal, Pipeline } from '../types';
import { lostReasonDialog as askLostReason } from './lost-reason';
import { errorBox } from './login';
import { showFieldErrors } from './record-form';

async function allDeals(pipelineId: string): Promise<Deal[]> {
  const deals: Deal[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(client.api.deals.$get({ query: { pipelineId, limit: '200', ...(cursor ? { cursor } : {}) } }));
    deals.push(...(page.data as unknown as Deal[]));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && deals.length < 2000);
  return deals;
}

/** The pipeline board: stage columns with totals; drag a card, or use its stage select, to move a deal. */
export async function boardView(_params: unknown, query: URLSearchParams): Promise<HTMLElement> {
  const pipelines = (await ok(client.api.pipelines.$get({ query: {} }))).data as Pipeline[];
  if (pipelines.length === 0) return h('p', { class: 'empty' }, 'No pipeline yet.');
  const pipeline = pipelines.find((p) => p.id === query.get('pipeline')) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0]!;
  let deals = await allDeals(pipeline.id);
  const reason = readOnlyReason();
  const canMove = !isViewer() && !reason;
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const board = h('div', { class: 'board', role: 'list', 'aria-label': `${pipeline.name} pipeline` });

  async function move(deal: Deal, stageId: string) {
    if (deal.stageId === stageId) return;
    const stage = pipeline.stages.find((s) => s.id === stageId)!;
    const post = async (lostReason?: string) =>
      (await ok(
        client.api.deals[':id'].move.$post({ param: { id: deal.id }, json: { stageId, ...(lostReason ? { lostReason } : {}) } }),
      )) as Deal;
    // Keyboard users moved the card with its stage list: give them focus back on it after the redraw.
    const refocus = board.contains(document.activeElement);
    try {
      const moved = stage.kind === 'lost' ? await askLostReason(deal, stage.name, post) : await post();
      if (moved) {
        deals = deals.map((d) => (d.id === moved.id ? moved : d));
        status.replaceChildren(h('p', { role: 'status' }, `Moved “${deal.title}” to ${stage.name}.`));
      }
    } catch (err) {
      status.replaceChildren(errorBox(err));
    }
    draw();
    if (refocus) board.querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(deal.id)}"] select`)?.focus();
  }

  function card(d: Deal): HTMLElement {
    const select = h(
      'select',
      {
        name: 'stage',
        'aria-label': `Stage of ${d.title}`,
        disabled: !canMove,
        title: reason ?? false,
        'aria-describedby': reason ? 'license-banner' : false,
      },
      pipeline.stages.map((s) => h('option', { value: s.id, selected: s.id === d.stageId }, s.name)),
    );
    select.addEventListener('change', () => void move(d, select.value));
    const el = h(
      'article',
      { class: `deal ${d.status}`, role: 'listitem', 'data-deal-id': d.id, draggable: canMove ? 'true' : false, 'aria-label': d.title },
      // Not draggable itself, so a drag started on the title still moves the card.
      h('strong', null, h('a', { href: `/deals/${d.id}`, draggable: 'false' }, d.title)),
      h('span', { class: 'value' }, money(d.value, d.currency)),
      d.status !== 'open' ? h('span', { class: `badge ${d.status}` }, d.status) : null,
      isViewer() ? null : h('label', { class: 'stage-select' }, h('span', { class: 'sr-only' }, 'Move to stage '), select),
    );
    el.addEventListener('dragstart', (e) => {
      e.dataTransfer?.setData('text/plain', d.id);
      el.classList.add('dragging');
    });
    el.addEventListener('dragend', () => el.classList.remove('dragging'));
    return el;
  }

  function draw() {
    board.replaceChildren(
      ...pipeline.stages.map((s) => {
        const inStage = deals.filter((d) => d.stageId === s.id);
        const totals = new Map<string, number>();
        for (const d of inStage) totals.set(d.currency, (totals.get(d.currency) ?? 0) + d.value);
        const col = h(
          'section',
          { class: `column ${s.kind}`, role: 'listitem', 'aria-label': s.name, 'data-stage-id': s.id },
          h(
            'header',
            null,
            h('h2', null, s.name),
            h(
              'p',
              { class: 'muted' },
              `${inStage.length} ${inStage.length === 1 ? 'deal' : 'deals'}${totals.size ? ` · ${[...totals].map(([c, v]) => money(v, c)).join(' + ')}` : ''}`,
            ),
          ),
          h('div', { class: 'cards', role: 'list', 'aria-label': `Deals in ${s.name}` }, inStage.map(card)),
        );
        if (canMove) {
          col.addEventListener('dragover', (e) => {
            e.preventDefault();
            col.classList.add('drop');
          });
          col.addEventListener('dragleave', () => col.classList.remove('drop'));
          col.addEventListener('drop', (e) => {
            e.preventDefault();
            col.classList.remove('drop');
            const deal = deals.find((d) => d.id === e.dataTransfer?.getData('text/plain'));
            if (deal) void move(deal, s.id);
          });
        }
        return col;
      }),
    );
  }
  draw();

  const title = h('input', { name: 'title', required: true });
  const value = h('input', { name: 'value', type: 'number', min: '0', step: '0.01', inputmode: 'decimal' });
  const stage = h(
    'select',
    { name: 'stageId' },
    pipeline.stages.filter((s) => s.kind === 'open').map((s) => h('option', { value: s.id }, s.name)),
  );
  const formStatus = h('div', { class: 'form-status' });
  const form = h(
    'form',
    {
      class: 'card quick-add inline',
      'aria-label': 'New deal',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const created = (await ok(
            client.api.deals.$post({
              header: {},
              json: {
                title: title.value.trim(),
                pipelineId: pipeline.id,
                stageId: stage.value,
                ...(value.value ? { value: Number(value.value) } : {}),
              } as never,
            }),
          )) as unknown as Deal;
          deals = [created, ...deals];
          title.value = '';
          value.value = '';
          formStatus.replaceChildren();
          draw();
        } catch (err) {
          showFieldErrors(form, formStatus, err);
        }
      },
    },
    h('fieldset', null, h('legend', null, 'New deal'), field('Deal title', title), field('Value', value), field('Stage', stage)),
    formStatus,
    h('button', { type: 'submit', class: 'primary' }, 'Add deal'),
  );
  const picker =
    pipelines.length > 1
      ? field(
          'Pipeline',
          (() => {
            const s = h(
              'select',
              { name: 'pipeline' },
              pipelines.map((p) => h('option', { value: p.id, selected: p.id === pipeline.id }, p.name)),
            );
            s.addEventListener('change', () => (location.search = `?pipeline=${s.value}`));
            return s;
          })(),
        )
      : null;
  const views = h(
    'div',
    { class: 'toolbar' },
    picker,
    h('span', { class: 'spacer' }),
    h(
      'a',
      { class: 'button', href: pipelines.length > 1 ? `/deals/list?pipelineId=${encodeURIComponent(pipeline.id)}` : '/deals/list' },
      'List view',
    ),
  );
  return h(
    'div',
    { class: 'board-view' },
    views,
    writeForm(form),
    status,
    board,
    canMove ? h('p', { class: 'hint' }, 'Drag a card to another stage, or choose its stage from the card’s list.') : null,
  );
}
