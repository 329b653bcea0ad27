/**
 * Ingest jobs for the HTTP API: uploaded or posted articles are processed one job at a time (in
 * the order received) while clients poll the job for progress.
 */
import type { ActorDictionary } from '../actors/dictionary.js';
import { userDictionaries } from '../actors/review.js';
import { ingest } from '../ingest/index.js';
import type { Pipeline } from '../pipeline/index.js';
import type { Store } from '../store/store.js';
import type { Article, ReadIssue } from '../types.js';

export interface LoadedPipelineLike {
  readonly pipeline: Pipeline;
  readonly dictionary: ActorDictionary;
}

/** Loads a pipeline with the given user dictionary files layered over the built-in one. */
export type PipelineLoader = (userDictionaries: readonly string[]) => Promise<LoadedPipelineLike>;

/** The built-in pipeline, imported on first use (its models are only loaded when someone ingests). */
export const defaultPipelineLoader: PipelineLoader = async (userDictionaries) => {
  const { loadDefaultPipeline } = await import('../pipeline/default.js');
  return loadDefaultPipeline({ userDictionaries, warn: (m) => process.stderr.write(`faultline serve: warning: ${m}\n`) });
};

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface IngestJob {
  readonly id: string;
  readonly label: string;
  status: JobStatus;
  /** Articles to process (issues excluded). */
  readonly total: number;
  /** Articles processed so far (stored + duplicates). */
  processed: number;
  stored: number;
  duplicates: number;
  rejected: number;
  relations: number;
  mentions: number;
  /** Read issues (at most 100 listed). */
  readonly issues: ReadIssue[];
  error?: string;
  readonly created: string;
  finished?: string;
}

export interface IngestJobsOptions {
  readonly store: Store;
  readonly dbPath: string;
  readonly loadPipeline?: PipelineLoader;
  /** Called when a batch was stored (drop caches). */
  readonly onStored?: () => void;
}

export class IngestJobs {
  private readonly jobs = new Map<string, IngestJob>();
  private queue: Promise<void> = Promise.resolve();
  private seq = 0;
  private loaded: Promise<LoadedPipelineLike> | undefined;

  constructor(private readonly options: IngestJobsOptions) {}

  /** The pipeline (loaded once; reloaded after the user dictionary changed). */
  pipeline(): Promise<LoadedPipelineLike> {
    this.loaded ??= (this.options.loadPipeline ?? defaultPipelineLoader)(userDictionaries(this.options.dbPath));
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  /** The user dictionary changed: the next ingest reloads the pipeline with it. */
  dictionaryChanged(): void {
    this.loaded = undefined;
  }

  get(id: string): IngestJob | undefined {
    return this.jobs.get(id);
  }

  list(): IngestJob[] {
    return [...this.jobs.values()].reverse();
  }

  /** Queues a job; it runs after the jobs before it. */
  start(items: readonly (Article | ReadIssue)[], label: string): IngestJob {
    const issues = items.filter((x): x is ReadIssue => 'kind' in x && x.kind === 'issue');
    const articles = items.filter((x): x is Article => !('kind' in x && x.kind === 'issue'));
    const job: IngestJob = {
      id: `job-${++this.seq}`,
      label,
      status: 'queued',
      total: articles.length,
      processed: 0,
      stored: 0,
      duplicates: 0,
      rejected: issues.filter((i) => i.severity === 'error').length,
      relations: 0,
      mentions: 0,
      issues: issues.slice(0, 100),
      created: new Date().toISOString(),
    };
    this.jobs.set(job.id, job);
    if (this.jobs.size > 200) this.jobs.delete(this.jobs.keys().next().value as string);
    this.queue = this.queue.then(() => this.run(job, articles));
    return job;
  }

  /** Resolves when every queued job has finished. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(job: IngestJob, articles: readonly Article[]): Promise<void> {
    job.status = 'running';
    try {
      const { pipeline, dictionary } = await this.pipeline();
      // An array would be taken for file paths: pass an iterator of the records.
      const summary = await ingest(articles.values(), {
        store: this.options.store,
        pipeline,
        dictionary,
        batchSize: 8,
        onProgress: (p) => {
          job.processed = p.articles;
          this.options.onStored?.();
        },
      });
      job.processed = summary.read;
      job.stored = summary.stored;
      job.duplicates = summary.duplicates;
      job.relations = summary.relations;
      job.mentions = summary.mentions;
      job.status = 'done';
    } catch (e) {
      job.status = 'failed';
      job.error = (e as Error).message;
    } finally {
      job.finished = new Date().toISOString();
      this.options.onStored?.();
    }
  }
}
