/**
 * Error analysis of relation reading on re3d-dev: every gold relation the system misses (strict:
 * both spans overlap, class agrees), with its sentence, the system's mentions in that sentence
 * (bracketed), the system's relations there, and a coarse error class:
 *
 *   no-source / no-target / no-ends  — no mention overlaps that gold end (a mention-stage gap)
 *   pair-wrong-class                 — a relation links the two ends, but of another class
 *   pair-missing                     — both ends are mentions, no relation links them
 *
 *   npx tsx scripts/relation-misses.ts [--class hostile|positive|membership] [--kind pair-missing]
 *                                      [--fp] [--tree] [--summary] [--ner] [--gold-mentions]
 *
 * --fp prints the system relations that match no gold relation instead; --tree adds the parse of the
 * sentence (the syntax model is loaded and every sentence with a mention parsed); --summary prints
 * only the counts per class and error kind; --ner adds NER candidates (`faultline extract` and `eval`
 * run without them); --gold-mentions adds every gold relation end no system mention overlaps as a
 * candidate mention (a development check of the reader alone: what it would read were the mention
 * stage to find those ends — "we", "He", surnames, "the regime").
 */
import { readFileSync } from 'node:fs';
import { loadDictionary } from '../src/actors/dictionary.js';
import { ActorMatcher } from '../src/actors/matcher.js';
import { corefStage } from '../src/coref/index.js';
import { loadNerModel } from '../src/ner/index.js';
import { createPipeline, type Stage } from '../src/pipeline/index.js';
import { mentionStage, segmentStage, syntaxStage, timeStage } from '../src/pipeline/stages.js';
import { READS_SYNTAX, relationStage } from '../src/relations/index.js';
import { loadSyntaxModel } from '../src/syntax/index.js';
import type { Mention, Relation, SentenceSyntax } from '../src/types.js';

const args = process.argv.slice(2);
const flag = (f: string): boolean => args.includes(f);
const opt = (f: string): string | undefined => {
  const i = args.indexOf(f);
  return i >= 0 ? args[i + 1] : undefined;
};
const evalDir = opt('--eval') ?? '../shared/eval/re3d-dev';
const onlyClass = opt('--class');
const onlyKind = opt('--kind');

const CLASS_OF: Record<string, string[]> = {
  FIGHT: ['hostile'], OPPOSE: ['hostile'],
  ALLY: ['positive'], TRUCE: ['positive'], SUPPORT: ['positive'], ENGAGE: ['positive'], MEDIATE: ['positive'],
  AFFILIATE_OF: ['positive', 'membership'], MEMBER_OF: ['membership'],
};

interface Span { start: number; end: number; text: string }
interface GoldRel { source: Span; target: Span; class: string; directed: boolean; ignore?: boolean }
interface GoldDoc { doc: string; sentences: [number, number][]; relations: GoldRel[] }

/** Gold relation ends that no mention overlaps, added as candidate mentions (--gold-mentions). */
function goldEnds(g: GoldDoc): Stage {
  return {
    name: 'gold-ends',
    needs: ['mentions', 'tokens', 'sentences'],
    adds: [],
    run(doc) {
      const toks = doc.tokens!;
      const have = [...(doc.mentions ?? [])];
      for (const r of g.relations) {
        for (const end of [r.source, r.target]) {
          if (have.some((m) => m.start < end.end && end.start < m.end)) continue;
          let ts = -1, te = -1;
          for (let t = 0; t < toks.start.length; t++) {
            if (toks.start[t]! < end.end && end.start < toks.end[t]!) {
              if (ts < 0) ts = t;
              te = t + 1;
            }
          }
          const sent = (doc.sentences ?? []).find((x) => x.tokenStart <= ts && ts < x.tokenEnd);
          if (ts < 0 || !sent) continue;
          const start = toks.start[ts]!, stop = toks.end[te - 1]!;
          have.push({ sentence: sent.index, start, end: stop, text: doc.article.text.slice(start, stop), actor: null, via: 'candidate', tokenStart: ts, tokenEnd: te });
        }
      }
      doc.mentions = have.sort((a, b) => a.start - b.start);
    },
  };
}

const articles = readFileSync(`${evalDir}/articles.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; date: string; text: string });
const gold = new Map<string, GoldDoc>();
for (const l of readFileSync(`${evalDir}/gold.jsonl`, 'utf8').split('\n').filter(Boolean)) {
  const g = JSON.parse(l) as GoldDoc;
  gold.set(g.doc, g);
}

const dictionary = loadDictionary({});
const matcher = new ActorMatcher(dictionary.actors);
const getActor = (id: string) => dictionary.get(id);
const parse = flag('--tree') || READS_SYNTAX;
const trees = new Map<string, readonly (SentenceSyntax | undefined)[]>();
const capture: Stage = {
  name: 'capture',
  needs: ['syntax'],
  adds: [],
  run(doc) {
    trees.set(doc.article.id, doc.syntax ?? []);
  },
};
const ner = flag('--ner') ? loadNerModel() : undefined;
const syntaxModel = parse ? loadSyntaxModel() : undefined;
const pipelineFor = (g: GoldDoc | undefined) => createPipeline([
  segmentStage(),
  mentionStage(matcher, ner),
  syntaxStage(syntaxModel),
  capture,
  corefStage({ getActor, actors: dictionary.actors }),
  ...(g ? [goldEnds(g)] : []),
  timeStage(),
  relationStage({ getActor }),
]);
const plain = pipelineFor(undefined);

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
const counts = new Map<string, number>();
const bump = (k: string): void => void counts.set(k, (counts.get(k) ?? 0) + 1);

for (const a of articles) {
  const g = gold.get(a.id);
  if (!g) continue;
  const out = (flag('--gold-mentions') ? pipelineFor(g) : plain).process(a);
  const sentOf = (off: number): number => g.sentences.findIndex(([s, e]) => s <= off && off < e);
  const show = (si: number, extra: string[]): void => {
    const [s, e] = g.sentences[si]!;
    const ms = out.mentions.filter((m) => m.start >= s && m.end <= e);
    let txt = '';
    let at = s;
    for (const m of [...ms].sort((x, y) => x.start - y.start)) {
      if (m.start < at) continue;
      txt += a.text.slice(at, m.start) + '[' + a.text.slice(m.start, m.end) + '|' + label(m) + ']';
      at = m.end;
    }
    txt += a.text.slice(at, e);
    console.log('  S: ' + txt.replace(/\s+/g, ' '));
    for (const r of out.relations.filter((r) => r.sentence.start < e && s < r.sentence.end)) console.log('  sys: ' + relText(r));
    for (const x of extra) console.log(x);
    if (flag('--tree')) {
      const syn = trees.get(a.id);
      const sent = out.sentences.find((x) => x.start <= s && s < x.end);
      const tree = sent ? syn?.[sent.index] : undefined;
      if (tree && sent) {
        const words: string[] = [];
        for (let t = sent.tokenStart; t < sent.tokenEnd; t++) words.push(a.text.slice(out.tokens.start[t]!, out.tokens.end[t]!));
        console.log('  tree: ' + words.map((w, i) => `${i}:${w}/${tree.upos[i]}>${tree.head[i]}:${tree.deprel[i]}`).join(' '));
      }
    }
    console.log();
  };
  if (flag('--fp')) {
    for (const r of out.relations) {
      const cls = CLASS_OF[r.type] ?? [];
      const hit = g.relations.some((x) => cls.includes(x.class) && ((overlaps(r.source, x.source) && overlaps(r.target, x.target)) || (!x.directed && overlaps(r.source, x.target) && overlaps(r.target, x.source))));
      if (hit) continue;
      const si = sentOf(r.source.start);
      const rule = (r as unknown as { rule?: string }).rule ?? '';
      bump(`fp ${rule || r.type}`);
      if (flag('--summary')) continue;
      console.log(`FP ${a.id.slice(5, 13)} ${relText(r)}`);
      if (si >= 0) show(si, []);
    }
    continue;
  }
  for (const x of g.relations) {
    if (x.ignore) continue;
    if (onlyClass && x.class !== onlyClass) continue;
    const match = (r: Relation): boolean => (overlaps(r.source, x.source) && overlaps(r.target, x.target)) || (!x.directed && overlaps(r.source, x.target) && overlaps(r.target, x.source));
    const rs = out.relations.filter(match);
    if (rs.some((r) => (CLASS_OF[r.type] ?? []).includes(x.class))) {
      bump(`${x.class} found`);
      continue;
    }
    const covS = out.mentions.some((m) => overlaps(m, x.source));
    const covT = out.mentions.some((m) => overlaps(m, x.target));
    const kind = !covS && !covT ? 'no-ends' : !covS ? 'no-source' : !covT ? 'no-target' : rs.length ? 'pair-wrong-class' : 'pair-missing';
    bump(`${x.class} ${kind}`);
    if (onlyKind && kind !== onlyKind) continue;
    if (flag('--summary')) continue;
    console.log(`MISS ${x.class} ${kind} ${a.id.slice(5, 13)}: "${x.source.text}" -> "${x.target.text}"${x.directed ? '' : ' (undirected)'}`);
    const si = sentOf(x.source.start);
    if (si >= 0) show(si, rs.map((r) => '  pair: ' + relText(r)));
  }
}
for (const [k, n] of [...counts].sort()) console.log(`${k.padEnd(32)} ${n}`);

function label(m: Mention): string {
  const v = m.via === 'dictionary' ? 'd' : m.via === 'coreference' ? 'c' : m.via === 'candidate' ? 'n' : m.via;
  return `${v}:${m.actor ?? (m.group?.join('+') ?? '?')}`;
}

function relText(r: Relation): string {
  const x = r as Relation & { rule?: string; entry?: string };
  return `${r.source.text} -${r.type}-> ${r.target.text}  (${r.confidence}${x.rule ? ' ' + x.rule + ' "' + x.entry + '"' : ''})`;
}
