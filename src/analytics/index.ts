/**
 * The network over time: dyad states on a date, changes between dates, the signed network,
 * structural balance, blocs, and balance pressure / sign prediction.
 * Every function is pure over `readonly Relation[]` (or the network built from them) and
 * deterministic (seeded RNG); options are merged over each module's exported `DEFAULTS`.
 */
export {
  DEFAULTS as DYAD_STATE_DEFAULTS,
  DIRECTED_STATES,
  DYAD_STATES,
  STATE_SIGN,
  TYPE_STATE,
  dyadState,
  dyadStates,
  support,
  type DyadState,
  type DyadStateName,
  type DyadStateOptions,
  type Evidence,
} from './dyad-state.js';
export {
  DEFAULTS as NETWORK_DEFAULTS,
  actorProfiles,
  buildNetwork,
  networkFromStates,
  networkSummary,
  signedIndex,
  type ActorNode,
  type ActorProfile,
  type DyadEdge,
  type NetworkOptions,
  type NetworkSummary,
  type ProfileEntry,
  type SignedIndex,
  type SignedNetwork,
} from './network.js';
export {
  CHANGE_ORDER,
  DEFAULTS as CHANGES_DEFAULTS,
  changes,
  type ChangeKind,
  type ChangesOptions,
  type ChangesResult,
  type DyadChange,
} from './changes.js';
export {
  DEFAULTS as BALANCE_DEFAULTS,
  balance,
  countBalanced,
  frustration,
  shuffleSigns,
  triangles,
  type BalanceOptions,
  type BalanceResult,
  type FrustrationResult,
  type Triad,
  type TriadType,
  type TriangleList,
} from './balance.js';
export {
  DEFAULTS as BLOCS_DEFAULTS,
  blocs,
  disagreement,
  type Bloc,
  type BlocLink,
  type BlocRelation,
  type BlocsOptions,
  type BlocsResult,
} from './blocs.js';
export {
  DEFAULTS as PREDICT_DEFAULTS,
  FEATURE_NAMES,
  edgeFeatures,
  evaluateSignModel,
  predict,
  type PairPrediction,
  type PredictOptions,
  type PredictResult,
  type PressureReason,
  type SignModelEvaluation,
} from './predict.js';
export { dayNumber, isIsoDate, isoOfDay, pairKey, rocAuc, xorshift } from './util.js';
