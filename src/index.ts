/**
 * Faultline's one public entry. Everything a program needs: records, readers, the pipeline and
 * its stages, stores, ingest, analytics, evaluation.
 */
export type {
  Actor, ActorType, Article, EntityType, IsoDate, Mention, ProcessedArticle, ReadIssue, Relation, RelationEnd,
  RelationType, Sentence, SentenceSyntax, TimeSpan, TokenTable,
} from './types.js';
export { ACTOR_TYPES, ENTITY_TYPES, POLARITY, RELATION_TYPES, STANDING_TYPES, SYMMETRIC_TYPES } from './types.js';
export { ERROR_CODES, FaultlineError, UsageError, type ErrorCode } from './errors.js';

// read
export { fingerprint, isReadIssue, readInputs, readText, type ReadItem, type ReadOptions } from './read/index.js';

// stages and pipeline
export { segment } from './segment/index.js';
export { loadDictionary, type ActorDictionary, type LoadDictionaryOptions } from './actors/dictionary.js';
export { normaliseName } from './actors/normalise.js';
export { ActorMatcher } from './actors/matcher.js';
export { loadNerModel, type EntitySpan, type NerModel } from './ner/index.js';
export { loadSyntaxModel, type SyntaxModel } from './syntax/index.js';
export { findTimes, type TimeMention } from './time/index.js';
export { createPipeline, type Pipeline, type Stage, type WorkingDoc } from './pipeline/index.js';
export { mentionStage, segmentStage, syntaxStage, timeStage } from './pipeline/stages.js';
export { loadDefaultPipeline, type DefaultPipelineOptions, type LoadedPipeline } from './pipeline/default.js';

// store and ingest
export {
  openStore, SqliteStore, MIGRATIONS, SCHEMA_VERSION,
  type Candidate, type MentionFilter, type RelationFilter, type SaveResult, type Store, type StoreStats,
  type StoredMention, type StoredRelation,
} from './store/index.js';
export { ingest, type IngestOptions, type IngestProgress, type IngestSummary } from './ingest/index.js';

// analytics
export * from './analytics/index.js';

// evaluation
export { goldNormalise, readGoldFile, scoreGold, summarise, type GoldFile, type GoldScore, type GoldSummary } from './eval/gold.js';
