/** Test helpers: a tiny actor list and a pipeline without models (surface reading). */
import { ActorMatcher } from '../actors/matcher.js';
import { corefStage } from '../coref/index.js';
import { createPipeline } from '../pipeline/index.js';
import { mentionStage, segmentStage, syntaxStage, timeStage } from '../pipeline/stages.js';
import type { Actor, Relation } from '../types.js';
import { relationStage } from './index.js';
import type { Lexicon } from './lexicon.js';

export const TEST_ACTORS: Actor[] = [
  { id: 'northern_front', name: 'Northern Front', type: 'armed_group', aliases: ['the Northern Front'] },
  { id: 'hill_army', name: 'Hill Army', type: 'armed_group', aliases: [] },
  { id: 'valley_brigade', name: 'Valley Brigade', type: 'armed_group', aliases: [] },
  { id: 'arcadia', name: 'Arcadia', type: 'state', aliases: ['Arcadian'] },
  { id: 'boreal_league', name: 'Boreal League', type: 'coalition', aliases: [] },
  { id: 'wire_service', name: 'Wire Service', type: 'media', aliases: [], reporter: true },
  { id: 'jo_tamsin', name: 'Jo Tamsin', type: 'person', aliases: ['Tamsin'] },
  { id: 'policy_lab', name: 'Policy Lab', type: 'organization', aliases: [], reporter: true },
];

export function readText(text: string, date = '2015-06-17', lexicon?: Lexicon): Relation[] {
  const matcher = new ActorMatcher(TEST_ACTORS);
  const byId = new Map(TEST_ACTORS.map((a) => [a.id, a]));
  const getActor = (id: string) => byId.get(id);
  const p = createPipeline([
    segmentStage(),
    mentionStage(matcher),
    syntaxStage(undefined),
    corefStage({ getActor }),
    timeStage(),
    relationStage({ getActor, ...(lexicon ? { lexicon } : {}) }),
  ]);
  return [...p.process({ id: 't', date, text }).relations];
}

/** "TYPE source target" triples of a reading. */
export const triples = (rs: readonly Relation[]): string[] => rs.map((r) => `${r.type} ${r.source.actor} ${r.target.actor}`);
