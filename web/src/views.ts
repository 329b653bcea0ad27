/** The other views: changes feed, balance and blocs, predictions, review queue, upload, exports. */
import { get, getToken, post, setToken, upload, url, type Candidate, type Change, type Job, type Page } from './api';
import { $, clear, dateOf, dayOf, errorBox, h, pct, signClass } from './dom';
import { ACTOR_TYPES, state } from './state';

export interface ViewHandlers {
  openActor(id: string): void;
  openDyad(a: string, b: string): void;
  /** Data changed (review, ingest): reload the network and counts. */
  changed(): void;
}

const link = (id: string, name: string, handlers: ViewHandlers) =>
  h('a', { href: '#', 'data-actor': id, onclick: (e: Event) => { e.preventDefault(); handlers.openActor(id); } }, name);

// --- changes ---------------------------------------------------------------------------------

export function renderChanges(handlers: ViewHandlers): void {
  const el = $('#view-changes');
  const to = state.date;
  const from = dateOf(Math.max(dayOf(state.range.start || to), dayOf(to) - 365));
  const fromIn = h('input', { type: 'date', id: 'changes-from', value: from });
  const toIn = h('input', { type: 'date', id: 'changes-to', value: to });
  const list = h('ol', { id: 'changes-list', class: 'feed' });
  const counts = h('p', { class: 'muted' });
  const more = h('button', { class: 'more' }, 'More changes');
  let next: number | null = 0;
  const load = async (reset: boolean) => {
    if (reset) { list.replaceChildren(); next = 0; }
    if (next === null) return;
    try {
      const r = await get<Page<Change> & { counts: Record<string, number> }>('changes', { from: fromIn.value, to: toIn.value, limit: 50, offset: next });
      counts.textContent = `${r.counts.flip ?? 0} sign flips, ${r.counts.new ?? 0} new dyads, ${r.counts.change ?? 0} state changes, ${r.counts.ended ?? 0} ended, between ${fromIn.value} and ${toIn.value}`;
      for (const c of r.items) list.appendChild(changeItem(c, handlers));
      next = r.next;
      more.hidden = next === null;
    } catch (e) {
      list.appendChild(errorBox(e));
    }
  };
  more.addEventListener('click', () => void load(false));
  clear(el, h('div', { class: 'page' },
    h('h2', {}, 'What changed'),
    h('div', { class: 'row' }, h('label', {}, 'From ', fromIn), h('label', {}, 'To ', toIn), h('button', { onclick: () => void load(true) }, 'Show')),
    counts, list, more));
  void load(true);
}

function changeItem(c: Change, handlers: ViewHandlers): HTMLElement {
  return h('li', { class: `change ${c.kind}` },
    h('div', {},
      h('span', { class: `chip kind-${c.kind}` }, c.kind === 'flip' ? 'sign flip' : c.kind),
      ' ', link(c.a, c.names[0], handlers), ' — ', link(c.b, c.names[1], handlers), ': ',
      h('span', { class: `chip ${signClass(c.before.sign)}` }, c.before.state), ' → ', h('span', { class: `chip ${signClass(c.after.sign)}` }, c.after.state),
      ' ', h('a', { href: '#', class: 'small', onclick: (e: Event) => { e.preventDefault(); handlers.openDyad(c.a, c.b); } }, 'evidence'),
      c.reason ? h('span', { class: 'muted small' }, ` (${c.reason})`) : null),
    c.causes.slice(0, 2).map((e) => h('blockquote', { class: 'evidence small' }, h('span', { class: 'muted' }, `${e.time.start} ${e.type}: `), e.sentence)),
  );
}

// --- balance and blocs -----------------------------------------------------------------------

interface BalanceResult {
  on: string; nodes: number; edges: number; triads: number; balancedTriads: number; balancedShare: number;
  census: Record<string, number>;
  nullModel: { mean: number; sd: number; z: number; pValue: number; samples: number };
  frustration: { index: number; exact: boolean; normalized: number; camps: [string[], string[]] };
  unbalanced: { actors: [string, string, string]; signs: [number, number, number]; type: string }[];
  names: Record<string, string>;
}
interface BlocsResult {
  blocs: { id: number; members: { id: string; name: string }[]; inside: { positive: number; negative: number } }[];
  across: { a: number; b: number; positive: number; negative: number }[];
  agreement: number;
}

export async function renderBalance(handlers: ViewHandlers): Promise<void> {
  const el = $('#view-balance');
  clear(el, h('p', { class: 'muted' }, 'Computing…'));
  try {
    const [b, bl] = await Promise.all([get<BalanceResult>('balance', { on: state.date }), get<BlocsResult>('blocs', { on: state.date })]);
    const name = (id: string) => b.names[id] ?? id;
    const sign = (s: number) => (s > 0 ? '+' : '−');
    clear(el, h('div', { class: 'page two-col' },
      h('div', {},
        h('h2', {}, `Structural balance on ${b.on}`),
        h('table', { class: 'kv' },
          h('tr', {}, h('td', {}, 'Actors / dyads'), h('td', {}, `${b.nodes} / ${b.edges}`)),
          h('tr', {}, h('td', {}, 'Triads'), h('td', {}, `${b.triads} (${b.balancedTriads} balanced, ${pct(b.balancedShare)})`)),
          h('tr', {}, h('td', {}, 'Census'), h('td', {}, Object.entries(b.census).map(([k, v]) => `${k}: ${v}`).join(' · '))),
          h('tr', {}, h('td', {}, 'Null model (signs shuffled)'), h('td', {}, `mean ${pct(b.nullModel.mean)}, z = ${b.nullModel.z.toFixed(2)}, p = ${b.nullModel.pValue.toFixed(3)} (${b.nullModel.samples} samples)`)),
          h('tr', {}, h('td', {}, 'Frustration index'), h('td', {}, `${b.frustration.index}${b.frustration.exact ? '' : ' (upper bound)'} · normalised balance ${b.frustration.normalized.toFixed(2)}`)),
        ),
        h('h3', {}, `Unbalanced triads (${b.unbalanced.length} listed)`),
        b.unbalanced.length === 0 ? h('p', { class: 'muted' }, 'none') : h('ol', { class: 'triads' },
          b.unbalanced.slice(0, 60).map((t) => {
            const [x, y, z] = t.actors;
            return h('li', { class: 'triad' }, h('span', { class: 'chip neg' }, t.type), ' ',
              link(x, name(x), handlers), ` ${sign(t.signs[0])} `, link(y, name(y), handlers), ` ${sign(t.signs[2])} `, link(z, name(z), handlers), ` ${sign(t.signs[1])} `, name(x));
          })),
      ),
      h('div', {},
        h('h2', {}, `Blocs (agreement ${pct(bl.agreement)})`),
        h('ol', { class: 'blocs' }, bl.blocs.map((bloc) => h('li', { class: 'bloc' },
          h('strong', {}, `Bloc ${bloc.id + 1}`), h('span', { class: 'muted small' }, ` ${bloc.members.length} actors · inside: ${bloc.inside.positive} +, ${bloc.inside.negative} −`), h('br', {}),
          bloc.members.map((m, i) => [i ? ', ' : '', link(m.id, m.name, handlers)])))),
        bl.across.length ? h('h3', {}, 'Between blocs') : null,
        h('ul', {}, bl.across.slice(0, 30).map((x) => h('li', {}, `Bloc ${x.a + 1} – Bloc ${x.b + 1}: ${x.negative} hostile, ${x.positive} cooperative`))),
      ),
    ));
  } catch (e) {
    clear(el, errorBox(e));
  }
}

// --- predictions -----------------------------------------------------------------------------

interface Prediction {
  a: string; b: string; names: [string, string]; predicted: number; pressure: number; agreement: number; probability: number | null;
  current: { state: string; confidence: number }; explanation: string;
  reasons: { via: string; name: string; signs: [number, number]; states: [string, string]; weight: number }[];
}

export async function renderPredictions(handlers: ViewHandlers): Promise<void> {
  const el = $('#view-predictions');
  clear(el, h('p', { class: 'muted' }, 'Computing…'));
  try {
    const r = await get<Page<Prediction> & { candidates: number; model: { auc: number | null } }>('predictions', { on: state.date, limit: 100 });
    clear(el, h('div', { class: 'page' },
      h('h2', {}, `Predicted relations on ${state.date}`),
      h('p', { class: 'muted' }, `Balance pressure on ${r.candidates} unlinked or weak pairs${r.model.auc !== null ? ` · sign model leave-one-out AUC ${r.model.auc.toFixed(2)}` : ''}. “The enemy of my enemy is my friend”: each prediction lists the common neighbours behind it.`),
      r.items.length === 0 ? h('p', { class: 'muted' }, 'no predictions on this date') : h('ol', { class: 'feed' }, r.items.map((p) => h('li', { class: 'prediction' },
        h('div', {},
          h('span', { class: `chip ${signClass(p.predicted)}` }, p.predicted > 0 ? 'cooperative' : p.predicted < 0 ? 'hostile' : 'undecided'), ' ',
          link(p.a, p.names[0], handlers), ' — ', link(p.b, p.names[1], handlers),
          h('span', { class: 'muted small' }, ` pressure ${p.pressure.toFixed(2)} · agreement ${pct(p.agreement)}${p.probability !== null ? ` · P(+) ${pct(p.probability)}` : ''} · now: ${p.current.state}`)),
        h('div', { class: 'small' }, p.explanation),
        h('ul', { class: 'reasons small' }, p.reasons.slice(0, 6).map((x) => h('li', {}, `via ${x.name}: ${x.states[0]} / ${x.states[1]}`)))),
      )),
    ));
  } catch (e) {
    clear(el, errorBox(e));
  }
}

// --- review queue ----------------------------------------------------------------------------

function tokenRow(): HTMLElement {
  const input = h('input', { type: 'password', id: 'token-input', placeholder: 'FAULTLINE_TOKEN', value: getToken() ?? '' });
  return h('div', { class: 'row token-row' }, h('label', {}, 'Token for changes ', input), h('button', { onclick: () => setToken(input.value.trim()) }, 'Use'),
    h('span', { class: 'muted small' }, getToken() ? 'token set (from the link printed by faultline serve)' : 'changes need the token printed by faultline serve'));
}

export async function renderReview(handlers: ViewHandlers): Promise<void> {
  const el = $('#view-review');
  const list = h('ol', { id: 'candidates', class: 'feed' });
  const more = h('button', { class: 'more' }, 'More candidates');
  const status = h('p', { id: 'review-status', class: 'status', role: 'status' });
  let next: number | null = 0;
  const load = async () => {
    if (next === null) return;
    try {
      const r = await get<Page<Candidate>>('candidates', { limit: 50, offset: next });
      for (const c of r.items) list.appendChild(candidateItem(c, status, handlers));
      if (r.items.length === 0 && next === 0) list.appendChild(h('li', { class: 'muted' }, 'Nothing to review.'));
      next = r.next;
      more.hidden = next === null;
    } catch (e) {
      list.appendChild(errorBox(e));
    }
  };
  more.addEventListener('click', () => void load());
  clear(el, h('div', { class: 'page' },
    h('h2', {}, 'Review queue: candidate actors'),
    h('p', { class: 'muted' }, 'Names the reader found that are not in the actor dictionary. Accept one as a new actor, merge it into a known actor as an alias, or ignore it. Decisions are written to the user dictionary next to the database and used by the next ingest.'),
    tokenRow(), status, list, more));
  await load();
}

function candidateItem(c: Candidate, status: HTMLElement, handlers: ViewHandlers): HTMLElement {
  const name = h('input', { type: 'text', class: 'cand-name', value: c.text, 'aria-label': 'name' });
  const type = h('select', { class: 'cand-type', 'aria-label': 'type' }, ACTOR_TYPES.map((t) => h('option', { value: t, selected: t === (c.entity === 'PER' ? 'person' : c.entity === 'GPE' ? 'state' : 'armed_group') }, t.replace('_', ' '))));
  const into = h('input', { type: 'text', class: 'cand-into', placeholder: 'actor to merge into', list: 'actor-options', 'aria-label': 'merge into' });
  const li = h('li', { class: 'candidate', 'data-key': c.key });
  const act = async (body: Record<string, unknown>) => {
    try {
      const r = await post<{ action: string; actor?: { id: string; name: string }; mentions: number }>('candidates/review', { key: c.key, ...body });
      status.className = 'status ok';
      status.textContent = r.action === 'ignore' ? `Ignored “${c.text}”.` : `${r.action === 'accept' ? 'Accepted' : 'Merged'} “${c.text}” as ${r.actor?.name} (${r.mentions} mentions).`;
      li.remove();
      handlers.changed();
    } catch (e) {
      status.className = 'status error';
      status.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  const resolveInto = async (): Promise<string | null> => {
    const v = into.value.trim();
    if (!v) return null;
    const r = await get<Page<{ id: string; name: string }>>('actors', { q: v, limit: 1 });
    return r.items[0]?.id ?? null;
  };
  into.addEventListener('input', async () => {
    if (into.value.trim().length < 2) return;
    const r = await get<Page<{ id: string; name: string }>>('actors', { q: into.value.trim(), limit: 10 });
    const dl = document.getElementById('actor-options') ?? document.body.appendChild(h('datalist', { id: 'actor-options' }));
    dl.replaceChildren(...r.items.map((a) => h('option', { value: a.name })));
  });
  li.append(
    h('div', {}, h('strong', { class: 'cand-text' }, c.text), ' ', h('span', { class: 'muted small' }, `${c.entity ?? ''} · ${c.count} mentions · ${c.first} – ${c.last}`)),
    h('ul', { class: 'examples small' }, c.examples.map((e) => h('li', {}, e.sentence))),
    h('div', { class: 'row' },
      name, type, h('button', { class: 'accept', onclick: () => void act({ action: 'accept', name: name.value.trim(), type: type.value }) }, 'Accept'),
      into, h('button', { class: 'merge', onclick: async () => { const id = await resolveInto(); if (id) void act({ action: 'merge', into: id }); else { status.className = 'status error'; status.textContent = 'merge: choose a known actor'; } } }, 'Merge'),
      h('button', { class: 'ignore', onclick: () => void act({ action: 'ignore' }) }, 'Ignore'),
    ),
  );
  return li;
}

// --- upload ----------------------------------------------------------------------------------

export function renderUpload(handlers: ViewHandlers): void {
  const el = $('#view-upload');
  const files = h('input', { type: 'file', id: 'upload-files', multiple: true, accept: '.txt,.jsonl,.ndjson,.csv,text/plain' });
  const bar = h('progress', { id: 'upload-progress', max: 1, value: 0 });
  const status = h('p', { id: 'upload-status', class: 'status', role: 'status' });
  const date = h('input', { type: 'date', id: 'paste-date', value: state.date });
  const title = h('input', { type: 'text', id: 'paste-title', placeholder: 'title (optional)' });
  const text = h('textarea', { id: 'paste-text', rows: 6, placeholder: 'Article text' });
  const follow = async (job: Job) => {
    for (;;) {
      const share = job.total ? job.processed / job.total : 1;
      bar.value = 0.5 + 0.5 * share;
      status.className = 'status';
      status.textContent = `${job.status}: ${job.processed}/${job.total} articles processed, ${job.stored} stored, ${job.duplicates} duplicates, ${job.rejected} rejected, ${job.relations} relations`;
      if (job.status === 'done' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 400));
      job = await get<Job>(`ingest/jobs/${job.id}`);
    }
    bar.value = 1;
    if (job.status === 'failed') { status.className = 'status error'; status.textContent = `Failed: ${job.error}`; return; }
    status.className = 'status ok';
    status.textContent = `Done: ${job.stored} articles stored (${job.duplicates} duplicates, ${job.rejected} rejected), ${job.relations} relations.` + (job.issues.length ? ` Issues: ${job.issues.slice(0, 3).map((i) => i.message).join('; ')}` : '');
    handlers.changed();
  };
  const sendFiles = async () => {
    const list = [...(files.files ?? [])];
    if (!list.length) { status.className = 'status error'; status.textContent = 'choose one or more files'; return; }
    bar.value = 0;
    try {
      const job = await upload<Job>('ingest', list, (s) => (bar.value = 0.5 * s));
      await follow(job);
    } catch (e) {
      status.className = 'status error';
      status.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  const sendText = async () => {
    try {
      const job = await post<Job>('ingest', { articles: [{ date: date.value, text: text.value, ...(title.value.trim() ? { title: title.value.trim() } : {}) }] });
      await follow(job);
    } catch (e) {
      status.className = 'status error';
      status.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  clear(el, h('div', { class: 'page' },
    h('h2', {}, 'Add articles'),
    tokenRow(),
    h('h3', {}, 'Upload files'),
    h('p', { class: 'muted' }, 'Dated text (first line “date YYYY-MM-DD”), plain text with a date in the file name, JSON Lines ({"id","date","text",...} per line) or CSV (id,date,text,title).'),
    h('div', { class: 'row' }, files, h('button', { id: 'upload-go', onclick: () => void sendFiles() }, 'Upload and ingest')),
    h('h3', {}, 'Or paste one article'),
    h('div', { class: 'row' }, h('label', {}, 'Date ', date), title),
    text,
    h('div', { class: 'row' }, h('button', { id: 'paste-go', onclick: () => void sendText() }, 'Ingest')),
    bar, status));
}

// --- exports ---------------------------------------------------------------------------------

export function renderExport(): void {
  const el = $('#view-export');
  const date = h('input', { type: 'date', id: 'export-date', value: state.date });
  const item = (format: string, label: string, desc: string, dated: boolean) => {
    const a = h('a', { class: 'button', id: `export-${format}`, href: '#', download: '' }, label);
    const refresh = () => (a.href = url('export', { format, ...(dated ? { on: date.value } : {}) }));
    refresh();
    date.addEventListener('change', refresh);
    return h('li', {}, a, ' ', h('span', { class: 'muted' }, desc));
  };
  clear(el, h('div', { class: 'page' },
    h('h2', {}, 'Export'),
    h('div', { class: 'row' }, h('label', {}, 'Network on ', date)),
    h('ul', { class: 'exports' },
      item('gexf', 'GEXF (Gephi)', 'the signed network on the date: node type, bloc, activity; edge sign, state, confidence', true),
      item('graphml', 'GraphML', 'the same network for yEd, networkx, igraph, Gephi', true),
      item('csv', 'Relations CSV', 'every reading with its evidence sentence', false),
      item('jsonl', 'Relations JSON Lines', 'every reading as a “Relations out” record', false),
      item('plover', 'PLOVER-style events CSV', 'one event per reading: PLOVER event type, mode, quad class, actor, recipient, date, text', false),
    ),
  ));
}
