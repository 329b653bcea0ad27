/**
 * The network view: sigma.js (WebGL) over a graphology graph. Node positions come from one
 * ForceAtlas2 layout of every pair that ever had readings, so the picture stays put while the
 * date moves; each date only changes which nodes show, their size and colour, and the edges.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeRectangleProgram } from 'sigma/rendering';
import { get, type Network, type NetEdge, type Overview } from './api';
import { $, clear, h } from './dom';
import { blocColor, state, TYPE_COLOR } from './state';

/** Colour and shape of each dyad state: sign by hue, type by shade and arrow. */
export const EDGE_STYLE: Record<string, { color: string; arrow: boolean; label: string }> = {
  allied: { color: '#1f9d55', arrow: false, label: 'allied' },
  supporting: { color: '#2fb36a', arrow: true, label: 'supports (arrow: patron → client)' },
  member: { color: '#177245', arrow: true, label: 'member of (arrow: member → whole)' },
  affiliated: { color: '#4fae7c', arrow: true, label: 'affiliate of' },
  truce: { color: '#93d3a8', arrow: false, label: 'truce' },
  engaged: { color: '#b7e0c4', arrow: false, label: 'talks / mediation' },
  hostile: { color: '#d64545', arrow: false, label: 'hostile (fighting, opposing)' },
  split: { color: '#8b1e1e', arrow: false, label: 'split' },
};

export interface NetworkHandlers {
  onNode(id: string): void;
  onEdge(a: string, b: string): void;
}

type NodeAttrs = { x: number; y: number; size: number; color: string; label: string; hidden?: boolean; type?: string; actorType: string; bloc?: number; activity: number };
type EdgeAttrs = { size: number; color: string; type: string; sign: number; state: string; a: string; b: string; confidence: number };

export class NetworkView {
  readonly graph = new Graph<NodeAttrs, EdgeAttrs>({ type: 'mixed', multi: false, allowSelfLoops: false });
  sigma: Sigma<NodeAttrs, EdgeAttrs> | undefined;
  private selected: string | null = null;
  private seq = 0;
  last: Network | undefined;

  constructor(private readonly handlers: NetworkHandlers) {}

  /** Lays out every actor that ever had readings and starts sigma. */
  async init(): Promise<void> {
    const ov = await get<Overview>('network/overview');
    this.place(ov);
    const container = $('#graph');
    const sigma = new Sigma<NodeAttrs, EdgeAttrs>(this.graph, container, {
      enableEdgeEvents: true,
      allowInvalidContainer: true, // the network tab may be hidden while another view shows
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.6,
      zIndex: true,
      minCameraRatio: 0.05,
      maxCameraRatio: 4,
      defaultEdgeType: 'line',
      edgeProgramClasses: { line: EdgeRectangleProgram, arrow: EdgeArrowProgram },
      nodeReducer: (node, data) => {
        if (!this.selected || data.hidden) return data;
        if (node === this.selected || this.graph.areNeighbors(node, this.selected)) return { ...data, zIndex: 1, highlighted: node === this.selected };
        return { ...data, color: '#dde1e6', label: '', zIndex: 0 };
      },
      edgeReducer: (edge, data) => {
        if (!this.selected) return data;
        const [s, t] = this.graph.extremities(edge);
        return s === this.selected || t === this.selected ? { ...data, zIndex: 1 } : { ...data, hidden: true };
      },
    });
    this.sigma = sigma;
    sigma.on('clickNode', ({ node }) => {
      this.select(node);
      this.handlers.onNode(node);
    });
    sigma.on('clickEdge', ({ edge }) => {
      const a = this.graph.getEdgeAttribute(edge, 'a'), b = this.graph.getEdgeAttribute(edge, 'b');
      this.handlers.onEdge(a, b);
    });
    sigma.on('clickStage', () => this.select(null));
    this.legend();
  }

  /** Initial positions: a ForceAtlas2 layout of all pairs (weighted by readings). */
  private place(ov: Overview): void {
    const layout = new Graph({ type: 'undirected' });
    const n = ov.nodes.length;
    ov.nodes.forEach((node, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, n);
      layout.addNode(node.id, { x: 100 * Math.cos(angle) + (i % 7), y: 100 * Math.sin(angle) + (i % 5) });
    });
    for (const p of ov.pairs) if (layout.hasNode(p.a) && layout.hasNode(p.b) && !layout.hasEdge(p.a, p.b)) layout.addEdge(p.a, p.b, { weight: Math.log1p(p.readings) });
    if (layout.order > 1) {
      const settings = forceAtlas2.inferSettings(layout);
      forceAtlas2.assign(layout, { iterations: n > 2000 ? 60 : n > 500 ? 150 : 400, settings: { ...settings, barnesHutOptimize: n > 500, gravity: 1.5, scalingRatio: 8 } });
    }
    for (const node of ov.nodes) {
      const { x, y } = layout.getNodeAttributes(node.id) as { x: number; y: number };
      this.graph.addNode(node.id, { x, y, size: 4, color: TYPE_COLOR[node.type] ?? TYPE_COLOR.unknown!, label: node.name, actorType: node.type, activity: node.activity, hidden: true });
    }
  }

  select(id: string | null): void {
    this.selected = id;
    this.sigma?.refresh({ skipIndexation: true });
  }

  /** Loads the network on the current date with the current filters; resolves when drawn. */
  async load(): Promise<void> {
    const my = ++this.seq;
    const f = state.filters;
    const net = await get<Network>('network', {
      on: state.date,
      actorTypes: [...f.actorTypes],
      relationTypes: [...f.relationTypes],
      minConfidence: f.minConfidence || undefined,
      blocs: f.colorBy === 'bloc' ? 'true' : undefined,
      q: f.q || undefined,
    });
    if (my !== this.seq) return;
    this.draw(net);
  }

  private draw(net: Network): void {
    this.last = net;
    const g = this.graph;
    const present = new Map(net.nodes.map((n) => [n.id, n]));
    for (const n of net.nodes) {
      if (!g.hasNode(n.id)) {
        // An actor that had no readings when the page loaded (e.g. accepted in review): put it near the middle.
        const r = 20 + Math.random() * 30, a = Math.random() * 2 * Math.PI;
        g.addNode(n.id, { x: r * Math.cos(a), y: r * Math.sin(a), size: 4, color: TYPE_COLOR.unknown!, label: n.name, actorType: n.type, activity: 0 });
      }
    }
    g.forEachNode((id) => {
      const n = present.get(id);
      if (!n) {
        g.mergeNodeAttributes(id, { hidden: true });
        return;
      }
      const color = state.filters.colorBy === 'bloc' ? blocColor(n.bloc) : TYPE_COLOR[n.type] ?? TYPE_COLOR.unknown!;
      g.mergeNodeAttributes(id, {
        hidden: false,
        label: n.reviewed ? `${n.name} ✓` : n.name,
        size: Math.min(26, 3.5 + 2.2 * Math.sqrt(n.activity)),
        color,
        actorType: n.type,
        activity: n.activity,
        ...(n.bloc !== undefined ? { bloc: n.bloc } : {}),
      });
    });
    g.clearEdges();
    for (const e of net.edges) this.addEdge(e);
    if (this.selected && !present.has(this.selected)) this.selected = null;
    this.sigma?.refresh();
    $('#graph-info').textContent = `${state.date}: ${net.nodes.length} actors, ${net.edges.length} dyads (${net.positive} cooperative, ${net.negative} hostile)`;
    document.body.dataset.networkDate = net.on;
  }

  private addEdge(e: NetEdge): void {
    const style = EDGE_STYLE[e.state] ?? { color: e.sign > 0 ? '#1f9d55' : '#d64545', arrow: false, label: e.state };
    const attrs: EdgeAttrs = {
      size: 1 + 4 * e.confidence,
      color: style.color,
      type: style.arrow && e.direction && !e.direction.mutual ? 'arrow' : 'line',
      sign: e.sign,
      state: e.state,
      a: e.a,
      b: e.b,
      confidence: e.confidence,
    };
    if (!this.graph.hasNode(e.a) || !this.graph.hasNode(e.b)) return;
    if (attrs.type === 'arrow' && e.direction) this.graph.addDirectedEdgeWithKey(e.key, e.direction.source, e.direction.target, attrs);
    else this.graph.addUndirectedEdgeWithKey(e.key, e.a, e.b, attrs);
  }

  /** The drawn sign of the edge between two actors on the current date (0 when none). */
  edgeSign(a: string, b: string): number {
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    return this.graph.hasEdge(key) ? this.graph.getEdgeAttribute(key, 'sign') : 0;
  }

  /** Screen position (inside the graph container) of the middle of an edge, for clicks. */
  edgePoint(a: string, b: string): { x: number; y: number } | null {
    if (!this.sigma || !this.graph.hasNode(a) || !this.graph.hasNode(b)) return null;
    const pa = this.sigma.getNodeDisplayData(a), pb = this.sigma.getNodeDisplayData(b);
    if (!pa || !pb) return null;
    const va = this.sigma.framedGraphToViewport(pa), vb = this.sigma.framedGraphToViewport(pb);
    return { x: (va.x + vb.x) / 2, y: (va.y + vb.y) / 2 };
  }

  nodePoint(id: string): { x: number; y: number } | null {
    if (!this.sigma || !this.graph.hasNode(id)) return null;
    const p = this.sigma.getNodeDisplayData(id);
    return p ? this.sigma.framedGraphToViewport(p) : null;
  }

  /** Centres the camera on an actor. */
  focus(id: string): void {
    if (!this.sigma || !this.graph.hasNode(id)) return;
    const p = this.sigma.getNodeDisplayData(id);
    if (p) void this.sigma.getCamera().animate({ x: p.x, y: p.y, ratio: 0.6 }, { duration: 400 });
    this.select(id);
  }

  private legend(): void {
    const el = $('#legend');
    clear(
      el,
      h('h4', {}, 'Edges'),
      Object.values(EDGE_STYLE).map((s) => h('div', { class: 'legend-row' }, h('span', { class: 'swatch line', style: `background:${s.color}` }), s.label)),
      h('h4', {}, 'Nodes'),
      h('div', { class: 'muted' }, 'size: readings up to the date; colour: actor type or bloc'),
      Object.entries(TYPE_COLOR).map(([t, c]) => h('div', { class: 'legend-row' }, h('span', { class: 'swatch dot', style: `background:${c}` }), t.replace('_', ' '))),
    );
  }
}
