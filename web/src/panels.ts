/** The side panel: the actor page and the dyad panel (evidence between two actors). */
import { get, type ActorDetail, type Dyad, type ProfileEntry, type Reading } from './api';
import { $, clear, errorBox, h, pct, signClass } from './dom';
import { state, TYPE_COLOR } from './state';

export interface PanelHandlers {
  openActor(id: string): void;
  openDyad(a: string, b: string): void;
}

const panel = () => $('#panel');

function actorLink(p: { id: string; name: string }, handlers: PanelHandlers): HTMLElement {
  return h('a', { href: '#', class: 'actor-link', 'data-actor': p.id, onclick: (e: Event) => { e.preventDefault(); handlers.openActor(p.id); } }, p.name);
}

function entries(title: string, list: readonly ProfileEntry[], self: string, handlers: PanelHandlers, cls: string): HTMLElement {
  return h(
    'div',
    { class: `profile ${cls}` },
    h('h4', {}, `${title} (${list.length})`),
    list.length === 0
      ? h('p', { class: 'muted' }, 'none on this date')
      : h(
          'ul',
          {},
          list.map((e) =>
            h('li', {}, actorLink(e, handlers), ' ', h('span', { class: 'chip' }, e.state), ' ', h('span', { class: 'muted' }, pct(e.confidence)), ' ',
              h('a', { href: '#', class: 'muted small', onclick: (ev: Event) => { ev.preventDefault(); handlers.openDyad(self, e.id); } }, 'evidence')),
          ),
        ),
  );
}

/** A strip of monthly readings: green bars up (cooperative), red bars down (hostile); the chosen date marked. */
function timelineStrip(t: ActorDetail['timeline'], range: { start: string; end: string }, on: string): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  const W = 300, H = 70, mid = 35;
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'timeline-strip');
  const m0 = Number(range.start.slice(0, 4)) * 12 + Number(range.start.slice(5, 7)) - 1;
  const m1 = Number(range.end.slice(0, 4)) * 12 + Number(range.end.slice(5, 7)) - 1;
  const n = Math.max(1, m1 - m0 + 1);
  const bw = W / n;
  const max = Math.max(1, ...t.map((x) => Math.max(x.positive, x.negative)));
  const rect = (x: number, y: number, w: number, hh: number, fill: string, title: string) => {
    const r = document.createElementNS(NS, 'rect');
    r.setAttribute('x', String(x)); r.setAttribute('y', String(y)); r.setAttribute('width', String(Math.max(1, w - 0.5))); r.setAttribute('height', String(hh)); r.setAttribute('fill', fill);
    const tt = document.createElementNS(NS, 'title'); tt.textContent = title; r.appendChild(tt);
    svg.appendChild(r);
  };
  const axis = document.createElementNS(NS, 'line');
  axis.setAttribute('x1', '0'); axis.setAttribute('x2', String(W)); axis.setAttribute('y1', String(mid)); axis.setAttribute('y2', String(mid)); axis.setAttribute('stroke', '#ccc');
  svg.appendChild(axis);
  for (const x of t) {
    const m = Number(x.month.slice(0, 4)) * 12 + Number(x.month.slice(5, 7)) - 1 - m0;
    const title = `${x.month}: ${x.positive} cooperative, ${x.negative} hostile`;
    if (x.positive) rect(m * bw, mid - (30 * x.positive) / max, bw, (30 * x.positive) / max, '#1f9d55', title);
    if (x.negative) rect(m * bw, mid, bw, (30 * x.negative) / max, '#d64545', title);
  }
  const mo = Number(on.slice(0, 4)) * 12 + Number(on.slice(5, 7)) - 1 - m0;
  const marker = document.createElementNS(NS, 'line');
  marker.setAttribute('x1', String(mo * bw)); marker.setAttribute('x2', String(mo * bw)); marker.setAttribute('y1', '0'); marker.setAttribute('y2', String(H));
  marker.setAttribute('stroke', '#333'); marker.setAttribute('stroke-dasharray', '2,2');
  svg.appendChild(marker);
  return svg;
}

export async function showActor(id: string, handlers: PanelHandlers): Promise<void> {
  const el = panel();
  clear(el, h('p', { class: 'muted' }, 'Loading…'));
  let d: ActorDetail;
  try {
    d = await get<ActorDetail>(`actors/${encodeURIComponent(id)}`, { on: state.date });
  } catch (e) {
    clear(el, errorBox(e));
    return;
  }
  const a = d.actor;
  clear(
    el,
    h('div', { class: 'actor-page', 'data-actor': a.id },
      h('h2', {}, h('span', { class: 'swatch dot', style: `background:${TYPE_COLOR[a.type] ?? '#999'}` }), ' ', a.name, d.reviewed ? h('span', { class: 'chip', title: 'added in review' }, 'reviewed') : null),
      h('p', {}, h('span', { class: 'chip' }, a.type.replace('_', ' ')), a.country ? h('span', { class: 'chip' }, a.country) : null, ' ', h('span', { class: 'muted' }, `${d.relations} readings · id ${a.id}`)),
      a.aliases.length ? h('p', { class: 'aliases' }, h('strong', {}, 'Aliases: '), a.aliases.slice(0, 20).join(' · '), a.aliases.length > 20 ? ` … (+${a.aliases.length - 20})` : '') : null,
      a.datedAliases?.length ? h('p', { class: 'aliases small' }, h('strong', {}, 'Dated aliases: '), a.datedAliases.slice(0, 6).map((x) => `${x.alias} (${x.start ?? '…'}–${x.end ?? '…'})`).join(' · ')) : null,
      d.parent ? h('p', {}, h('strong', {}, 'Part of: '), actorLink(d.parent, handlers)) : null,
      d.members.length ? h('p', {}, h('strong', {}, 'Members: '), d.members.map((m, i) => [i ? ', ' : '', actorLink(m, handlers)])) : null,
      h('h3', {}, `On ${d.on}`),
      entries('Allies', d.allies, a.id, handlers, 'allies'),
      entries('Enemies', d.enemies, a.id, handlers, 'enemies'),
      d.patrons.length ? entries('Backed by', d.patrons, a.id, handlers, 'patrons') : null,
      d.clients.length ? entries('Backs', d.clients, a.id, handlers, 'clients') : null,
      d.contacts.length ? entries('In talks with', d.contacts, a.id, handlers, 'contacts') : null,
      h('h3', {}, 'Readings over time'),
      state.range.start ? timelineStrip(d.timeline, state.range, d.on) : null,
      a.note ? h('p', { class: 'muted small' }, a.note) : null,
    ),
  );
}

/** The evidence sentence with the actor words highlighted. */
function sentence(r: Reading): HTMLElement {
  const text = r.sentence.text;
  const marks: { s: number; e: number; cls: string }[] = [];
  if (r.highlight.source) marks.push({ s: r.highlight.source[0], e: r.highlight.source[1], cls: 'src' });
  if (r.highlight.target) marks.push({ s: r.highlight.target[0], e: r.highlight.target[1], cls: 'tgt' });
  marks.sort((x, y) => x.s - y.s);
  const parts: (string | HTMLElement)[] = [];
  let at = 0;
  for (const m of marks) {
    if (m.s < at) continue;
    parts.push(text.slice(at, m.s));
    parts.push(h('mark', { class: `actor ${m.cls}` }, text.slice(m.s, m.e)));
    at = m.e;
  }
  parts.push(text.slice(at));
  return h('blockquote', { class: 'evidence' }, parts);
}

function readingItem(r: Reading): HTMLElement {
  const when = r.time.start === r.time.end ? r.time.start : `${r.time.start} – ${r.time.end}`;
  const art = r.article;
  return h('li', { class: `reading ${signClass(r.polarity)}`, 'data-type': r.type },
    h('div', { class: 'reading-head' },
      h('span', { class: 'date' }, when),
      h('span', { class: `chip ${signClass(r.polarity)}` }, r.type),
      h('span', {}, `${r.source.name} → ${r.target.name}`),
      h('span', { class: 'muted', title: 'confidence of this reading' }, `conf. ${pct(r.confidence)}`),
    ),
    sentence(r),
    h('div', { class: 'reading-source muted small' },
      'Source: ',
      art?.url ? h('a', { href: art.url, target: '_blank', rel: 'noopener noreferrer' }, art.title ?? art.id) : h('span', {}, art?.title ?? r.doc),
      ` · ${art?.source ? `${art.source} · ` : ''}published ${r.date}`,
      r.time.text ? ` · time: “${r.time.text}”` : '',
    ),
  );
}

export async function showDyad(a: string, b: string): Promise<void> {
  const el = panel();
  clear(el, h('p', { class: 'muted' }, 'Loading…'));
  let d: Dyad;
  try {
    d = await get<Dyad>(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { on: state.date, limit: 100 });
  } catch (e) {
    clear(el, errorBox(e));
    return;
  }
  const list = h('ol', { class: 'readings' }, d.readings.items.map(readingItem));
  const more = h('button', { class: 'more' }, 'More readings');
  let next = d.readings.next;
  more.hidden = next === null;
  more.addEventListener('click', async () => {
    if (next === null) return;
    const p = await get<Dyad>(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { on: state.date, limit: 100, offset: next });
    for (const r of p.readings.items) list.appendChild(readingItem(r));
    next = p.readings.next;
    more.hidden = next === null;
  });
  clear(
    el,
    h('div', { class: 'dyad-panel', 'data-a': d.a.id, 'data-b': d.b.id },
      h('h2', {}, `${d.a.name} — ${d.b.name}`),
      h('p', {}, `On ${d.on}: `, h('span', { class: `chip state ${signClass(d.state.sign)}` }, d.state.state), ` confidence ${pct(d.state.confidence)}`, d.state.since ? ` · since ${d.state.since}` : ''),
      d.history.length ? h('div', { class: 'history' }, h('strong', {}, 'History: '), d.history.map((x) => h('span', { class: `chip ${signClass(x.sign)}`, title: `confidence ${pct(x.confidence)}` }, `${x.date} ${x.state}`))) : null,
      h('h3', {}, `Readings (${d.readings.total ?? d.readings.items.length})`),
      list,
      more,
    ),
  );
}
