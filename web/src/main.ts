/** The analyst's workbench: wiring of the time slider, filters, tabs and views. */
import './style.css';
import { get, initToken, type Page, type Stats } from './api';
import { $, dateOf, dayOf, h } from './dom';
import { NetworkView } from './network';
import { showActor, showDyad } from './panels';
import { ACTOR_TYPES, RELATION_TYPES, state } from './state';
import { renderBalance, renderChanges, renderExport, renderPredictions, renderReview, renderUpload } from './views';

initToken();

let view = 'network';
const handlers = {
  openActor(id: string) {
    showTab('network');
    net.focus(id);
    void showActor(id, handlers);
  },
  openDyad(a: string, b: string) {
    showTab('network');
    void showDyad(a, b);
  },
  changed() {
    void refreshStats();
    void net.load();
  },
};
const net = new NetworkView({ onNode: (id) => void showActor(id, handlers), onEdge: (a, b) => void showDyad(a, b) });

function showTab(name: string): void {
  view = name;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs button')) b.classList.toggle('active', b.dataset.view === name);
  for (const s of document.querySelectorAll<HTMLElement>('.view')) s.classList.toggle('active', s.id === `view-${name}`);
  renderView();
}

function renderView(): void {
  switch (view) {
    case 'changes': renderChanges(handlers); break;
    case 'balance': void renderBalance(handlers); break;
    case 'predictions': void renderPredictions(handlers); break;
    case 'review': void renderReview(handlers); break;
    case 'upload': renderUpload(handlers); break;
    case 'export': renderExport(); break;
    default: break;
  }
}

async function refreshStats(): Promise<Stats> {
  const s = await get<Stats>('stats');
  $('#stats').textContent = `${s.articles} articles · ${s.actors} actors · ${s.relations} readings`;
  $('#review-count').textContent = s.candidates ? String(s.candidates) : '';
  return s;
}

const slider = $('#date-slider') as HTMLInputElement;
const label = $('#date-label');

/** Sets the date (slider and label) and redraws what depends on it. */
async function setDate(date: string, redraw = true): Promise<void> {
  state.date = date;
  slider.value = String(dayOf(date) - dayOf(state.range.start));
  label.textContent = date;
  if (!redraw) return;
  const loaded = net.load();
  if (view !== 'network' && ['balance', 'predictions'].includes(view)) renderView();
  await loaded;
}

let playing = false;
async function play(): Promise<void> {
  const btn = $('#play');
  if (playing) { playing = false; return; }
  playing = true;
  btn.textContent = '❚❚';
  let day = dayOf(state.date);
  const end = dayOf(state.range.end);
  if (day >= end) day = dayOf(state.range.start);
  while (playing && day <= end) {
    await setDate(dateOf(day));
    await new Promise((r) => setTimeout(r, 350));
    day += 30;
  }
  playing = false;
  btn.textContent = '▶';
}

function checkboxes(container: string, values: readonly string[], set: Set<string>): void {
  const el = $(container);
  for (const v of values) {
    const box = h('input', { type: 'checkbox', value: v, checked: true });
    box.addEventListener('change', () => {
      const all = [...el.querySelectorAll<HTMLInputElement>('input')];
      if (!all.some((x) => x.checked)) box.checked = true; // keep at least one type
      set.clear();
      if (!all.every((x) => x.checked)) for (const x of all) if (x.checked) set.add(x.value);
      void net.load();
    });
    el.appendChild(h('label', { class: 'check' }, box, v.replace('_', ' ').toLowerCase()));
  }
}

async function main(): Promise<void> {
  const s = await refreshStats();
  const end = s.range.end ?? new Date().toISOString().slice(0, 10);
  const start = s.range.start ?? end;
  state.range = { start, end };
  slider.min = '0';
  slider.max = String(dayOf(end) - dayOf(start));
  slider.dataset.start = start;
  slider.dataset.end = end;
  checkboxes('#actor-types', ACTOR_TYPES, state.filters.actorTypes);
  checkboxes('#relation-types', RELATION_TYPES, state.filters.relationTypes);
  await net.init();
  await setDate(end);

  let timer: number | undefined;
  slider.addEventListener('input', () => {
    const d = dateOf(dayOf(start) + Number(slider.value));
    label.textContent = d;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void setDate(d), 60);
  });
  slider.addEventListener('change', () => void setDate(dateOf(dayOf(start) + Number(slider.value))));
  $('#play').addEventListener('click', () => void play());
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.view!));
  $('#color-by').addEventListener('change', (e) => {
    state.filters.colorBy = (e.target as HTMLSelectElement).value as 'type' | 'bloc';
    void net.load();
  });
  const minConf = $('#min-confidence') as HTMLInputElement;
  minConf.addEventListener('change', () => {
    state.filters.minConfidence = Number(minConf.value);
    $('#min-confidence-label').textContent = minConf.value;
    void net.load();
  });
  const search = $('#search') as HTMLInputElement;
  const results = $('#search-results');
  let stimer: number | undefined;
  search.addEventListener('input', () => {
    window.clearTimeout(stimer);
    stimer = window.setTimeout(async () => {
      const q = search.value.trim();
      results.replaceChildren();
      if (q.length < 2) return;
      const r = await get<Page<{ id: string; name: string; type: string; relations: number }>>('actors', { q, limit: 8 });
      for (const a of r.items) {
        results.appendChild(h('li', {}, h('a', { href: '#', 'data-actor': a.id, onclick: (e: Event) => { e.preventDefault(); handlers.openActor(a.id); } }, a.name), h('span', { class: 'muted small' }, ` ${a.type.replace('_', ' ')} · ${a.relations}`)));
      }
    }, 150);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      state.filters.q = search.value.trim();
      void net.load();
    }
  });

  // Hooks for end-to-end tests and for the console.
  (window as unknown as Record<string, unknown>).__faultline = {
    net,
    setDate: (d: string) => setDate(d),
    edgeSign: (a: string, b: string) => net.edgeSign(a, b),
    edgePoint: (a: string, b: string) => net.edgePoint(a, b),
    nodePoint: (id: string) => net.nodePoint(id),
    hasNode: (id: string) => net.graph.hasNode(id) && !net.graph.getNodeAttribute(id, 'hidden'),
    nodeLabel: (id: string) => (net.graph.hasNode(id) ? net.graph.getNodeAttribute(id, 'label') : null),
    date: () => state.date,
    loaded: () => net.last?.on ?? null,
  };
  document.body.dataset.ready = 'true';
}

main().catch((e: unknown) => {
  document.body.prepend(h('p', { class: 'error' }, `Could not start: ${e instanceof Error ? e.message : String(e)}`));
});
