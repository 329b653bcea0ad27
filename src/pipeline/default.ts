/**
 * The standard pipeline with the built-in resources: actor dictionary (+ the user's), NER model,
 * tagger/parser model, lexicon. Loaded once per process.
 */
import { loadDictionary, type ActorDictionary } from '../actors/dictionary.js';
import { ActorMatcher } from '../actors/matcher.js';
import { ignoredFileFor, readIgnoredFile } from '../actors/review.js';
import { corefStage } from '../coref/index.js';
import { FaultlineError } from '../errors.js';
import { loadNerModel } from '../ner/index.js';
import { READS_SYNTAX, relationStage } from '../relations/index.js';
import { segment } from '../segment/index.js';
import { loadSyntaxModel } from '../syntax/index.js';
import type { Article } from '../types.js';
import { createPipeline, type Pipeline } from './index.js';
import { mentionStage, segmentStage, syntaxStage, timeStage, type EntityTagger, type SentenceAnalyser } from './stages.js';

export interface DefaultPipelineOptions {
  /** User dictionary files layered over the built-in one. */
  readonly userDictionaries?: readonly string[];
  /** User lexicon files layered over the built-in one. */
  readonly userLexicons?: readonly string[];
  /**
   * Parse sentences even when no later stage reads the parse (it is then only in the working
   * document). Default: parse only when relation reading uses syntax (`READS_SYNTAX`).
   */
  readonly parse?: boolean;
  /** Skip candidate discovery (NER). */
  readonly noCandidates?: boolean;
  /** Called with a warning (e.g. a model that could not be loaded). */
  readonly warn?: (message: string) => void;
}

export interface LoadedPipeline {
  readonly pipeline: Pipeline;
  readonly dictionary: ActorDictionary;
}

function tryLoad<T>(what: string, load: () => T, warn: (m: string) => void): T | undefined {
  try {
    return load();
  } catch (e) {
    if (e instanceof FaultlineError) {
      warn(`${what} not available (${e.message}); continuing without it`);
      return undefined;
    }
    throw e;
  }
}

export function loadDefaultPipeline(options: DefaultPipelineOptions = {}): LoadedPipeline {
  const warn = options.warn ?? ((m: string) => process.stderr.write(`faultline: warning: ${m}\n`));
  const dictionary = loadDictionary({ extraFiles: options.userDictionaries ?? [] });
  const matcher = new ActorMatcher(dictionary.actors);
  const ner: EntityTagger | undefined = options.noCandidates ? undefined : tryLoad('NER model', () => loadNerModel(), warn);
  // NOTE: parsing is most of the pipeline's cost; it runs only when something reads it.
  const syntax: SentenceAnalyser | undefined =
    READS_SYNTAX || options.parse ? tryLoad('syntax model', () => loadSyntaxModel(), warn) : undefined;
  const getActor = (id: string) => dictionary.get(id);
  const pipeline = createPipeline([
    segmentStage(),
    // names ignored in review (`x.ignored.yaml` next to each user dictionary `x.actors.yaml`) are never candidates
    mentionStage(matcher, ner, { ignore: (options.userDictionaries ?? []).flatMap((f) => [...readIgnoredFile(ignoredFileFor(f))]) }),
    syntaxStage(syntax),
    corefStage({ getActor, actors: dictionary.actors, issuer: issuerOf(matcher) }),
    timeStage(),
    relationStage({ getActor, userLexicons: options.userLexicons ?? [] }),
  ]);
  return { pipeline, dictionary };
}

/**
 * The organisation an article's `source` names (a press office: "CENTCOM", "Delegation of the European
 * Union to Syria"), when the dictionary knows it and it is no news agency: the voice of the document's
 * "we". Memoised per source string.
 */
export function issuerOf(matcher: ActorMatcher): (article: Article) => string | undefined {
  const memo = new Map<string, string | undefined>();
  return (article) => {
    const source = article.source?.trim();
    if (!source) return undefined;
    if (memo.has(source)) return memo.get(source);
    const { sentences, tokens } = segment(source);
    const found = matcher.match(source, sentences, tokens, { date: article.date }).map((m) => matcher.getActor(m.actor!));
    const a = found.find((x) => x && !x.reporter && x.type !== 'population' && x.type !== 'person');
    if (memo.size > 10_000) memo.clear();
    memo.set(source, a?.id);
    return a?.id;
  };
}
