/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS), for small dense feature
 * sets (tens of features). Features are standardised inside the model.
 */

export interface LogisticModel {
  /** Per-feature mean and standard deviation used to standardise (sd 1 for constant features). */
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  /** Weights on standardised features; `bias` is not penalised. */
  readonly weights: Float64Array;
  readonly bias: number;
  /** Newton iterations used. */
  readonly iterations: number;
}

export interface LogisticOptions {
  /** L2 penalty on the standardised weights. */
  readonly l2: number;
  readonly maxIterations: number;
  /** Stop when the largest parameter change is below this. */
  readonly tolerance: number;
}

export const LOGISTIC_DEFAULTS: LogisticOptions = { l2: 1, maxIterations: 25, tolerance: 1e-8 };

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Standardisation statistics of rows (d columns). */
export function standardiser(rows: readonly Float64Array[], d: number): { mean: Float64Array; sd: Float64Array } {
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  const n = rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j]! / Math.max(1, n);
  for (const r of rows) for (let j = 0; j < d; j++) sd[j] += (r[j]! - mean[j]!) ** 2 / Math.max(1, n);
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]!) || 1;
  return { mean, sd };
}

/** Augmented standardised row: [1, z_1..z_d]. */
function augment(row: Float64Array, mean: Float64Array, sd: Float64Array): Float64Array {
  const d = mean.length;
  const z = new Float64Array(d + 1);
  z[0] = 1;
  for (let j = 0; j < d; j++) z[j + 1] = (row[j]! - mean[j]!) / sd[j]!;
  return z;
}

/** Solves A x = b for a symmetric positive-definite A (size k×k, row-major) by Cholesky; returns x. */
export function solveSpd(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]!;
      for (let p = 0; p < j; p++) s -= l[i * k + p]! * l[j * k + p]!;
      if (i === j) l[i * k + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * k + j] = s / l[j * k + j]!;
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i]!;
    for (let p = 0; p < i; p++) s -= l[i * k + p]! * y[p]!;
    y[i] = s / l[i * k + i]!;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let p = i + 1; p < k; p++) s -= l[p * k + i]! * x[p]!;
    x[i] = s / l[i * k + i]!;
  }
  return x;
}

/** Newton-method state for rows already standardised and augmented. */
function newton(
  z: readonly Float64Array[],
  y: ArrayLike<number>,
  opts: LogisticOptions,
  start?: Float64Array,
): { beta: Float64Array; hessian: Float64Array; iterations: number } {
  const k = z[0]?.length ?? 1;
  const beta = start ? Float64Array.from(start) : new Float64Array(k);
  let hessian = new Float64Array(k * k);
  let it = 0;
  for (; it < opts.maxIterations; it++) {
    const grad = new Float64Array(k);
    hessian = new Float64Array(k * k);
    for (let j = 1; j < k; j++) {
      grad[j] = opts.l2 * beta[j]!;
      hessian[j * k + j] = opts.l2;
    }
    hessian[0] += 1e-9;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i]!;
      let eta = 0;
      for (let j = 0; j < k; j++) eta += zi[j]! * beta[j]!;
      const p = sigmoid(eta);
      const r = p - y[i]!;
      const w = p * (1 - p);
      for (let j = 0; j < k; j++) {
        const zj = zi[j]!;
        if (zj === 0) continue;
        grad[j] += r * zj;
        const wz = w * zj;
        for (let q = 0; q <= j; q++) hessian[j * k + q] += wz * zi[q]!;
      }
    }
    for (let j = 0; j < k; j++) for (let q = 0; q < j; q++) hessian[q * k + j] = hessian[j * k + q]!;
    const step = solveSpd(hessian, grad, k);
    let maxStep = 0;
    for (let j = 0; j < k; j++) {
      beta[j] -= step[j]!;
      maxStep = Math.max(maxStep, Math.abs(step[j]!));
    }
    if (maxStep < opts.tolerance) {
      it++;
      break;
    }
  }
  return { beta, hessian, iterations: it };
}

/** Fits the model on rows (each of length d) and 0/1 labels. */
export function fitLogistic(
  rows: readonly Float64Array[],
  labels: ArrayLike<number>,
  options?: Partial<LogisticOptions>,
  scale?: { mean: Float64Array; sd: Float64Array },
  start?: LogisticModel,
): LogisticModel {
  const opts = { ...LOGISTIC_DEFAULTS, ...options };
  const d = rows[0]?.length ?? 0;
  const { mean, sd } = scale ?? standardiser(rows, d);
  const z = rows.map((r) => augment(r, mean, sd));
  const init = start ? Float64Array.from([start.bias, ...start.weights]) : undefined;
  const { beta, iterations } = newton(z, labels, opts, init);
  return { mean, sd, weights: beta.slice(1), bias: beta[0]!, iterations };
}

/** Linear predictor (log-odds) of a row. */
export function logit(model: LogisticModel, row: Float64Array): number {
  let eta = model.bias;
  for (let j = 0; j < model.weights.length; j++) eta += model.weights[j]! * ((row[j]! - model.mean[j]!) / model.sd[j]!);
  return eta;
}

/** Probability of the positive class. */
export function predictProbability(model: LogisticModel, row: Float64Array): number {
  return sigmoid(logit(model, row));
}

/**
 * Approximate leave-one-out log-odds for every row: one Newton step from the full fit without
 * row i, by Sherman–Morrison: η₋ᵢ = ηᵢ − (yᵢ − pᵢ)·hᵢ / (1 − wᵢhᵢ), hᵢ = zᵢᵀH⁻¹zᵢ, wᵢ = pᵢ(1 − pᵢ).
 */
export function approximateLooLogits(
  rows: readonly Float64Array[],
  labels: ArrayLike<number>,
  options?: Partial<LogisticOptions>,
): Float64Array {
  const opts = { ...LOGISTIC_DEFAULTS, ...options };
  const d = rows[0]?.length ?? 0;
  const { mean, sd } = standardiser(rows, d);
  const z = rows.map((r) => augment(r, mean, sd));
  const { beta, hessian } = newton(z, labels, opts);
  const k = d + 1;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < z.length; i++) {
    const zi = z[i]!;
    let eta = 0;
    for (let j = 0; j < k; j++) eta += zi[j]! * beta[j]!;
    const p = sigmoid(eta);
    const w = p * (1 - p);
    const hz = solveSpd(hessian, zi, k);
    let h = 0;
    for (let j = 0; j < k; j++) h += zi[j]! * hz[j]!;
    out[i] = eta - ((labels[i]! - p) * h) / Math.max(1e-9, 1 - w * h);
  }
  return out;
}
