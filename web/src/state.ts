/** Shared UI state: the chosen date and the filters, with change listeners. */
export interface Filters {
  actorTypes: Set<string>;
  relationTypes: Set<string>;
  minConfidence: number;
  colorBy: 'type' | 'bloc';
  q: string;
}

type Listener = () => void;

class State {
  date = '';
  range: { start: string; end: string } = { start: '', end: '' };
  filters: Filters = { actorTypes: new Set(), relationTypes: new Set(), minConfidence: 0, colorBy: 'type', q: '' };
  private listeners: Listener[] = [];

  onChange(l: Listener): void {
    this.listeners.push(l);
  }

  emit(): void {
    for (const l of this.listeners) l();
  }
}

export const state = new State();

export const ACTOR_TYPES = ['state', 'government', 'armed_group', 'coalition', 'organization', 'person', 'media', 'population'] as const;
export const RELATION_TYPES = ['ALLY', 'TRUCE', 'ENGAGE', 'SUPPORT', 'MEMBER_OF', 'AFFILIATE_OF', 'MEDIATE', 'OPPOSE', 'FIGHT', 'SPLIT', 'ORIGIN'] as const;

export const TYPE_COLOR: Record<string, string> = {
  state: '#3b6fb6',
  government: '#6a4fb3',
  armed_group: '#d9822b',
  coalition: '#c2417a',
  organization: '#2a9d8f',
  person: '#8d6e63',
  media: '#7f8c8d',
  population: '#b5a33a',
  unknown: '#a0a4ab',
};

const BLOC_COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#469990', '#800000', '#808000', '#000075'];
export function blocColor(b: number | undefined): string {
  return b === undefined ? '#a0a4ab' : BLOC_COLORS[b % BLOC_COLORS.length]!;
}
