/**
 * Evaluation metrics. Regression: MAE, RMSE, R² (1 − SS_res/SS_tot), max absolute error. Classification
 * (binary, scores are probabilities of class 1): ROC-AUC (rank statistic with average ranks for ties,
 * equal to the Mann–Whitney U / (n₊ n₋)), accuracy and F1 at a 0.5 threshold. Non-finite pairs are skipped.
 */

export interface RegressionMetrics {
  n: number;
  mae: number;
  rmse: number;
  r2: number;
  maxError: number;
}

export interface ClassificationMetrics {
  n: number;
  rocAuc: number;
  accuracy: number;
  f1: number;
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    if (!Number.isFinite(yTrue[i]) || !Number.isFinite(yPred[i])) continue;
    n++;
    sum += yTrue[i];
  }
  const mean = sum / n;
  let ae = 0;
  let se = 0;
  let tot = 0;
  let maxError = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!Number.isFinite(t) || !Number.isFinite(p)) continue;
    const e = Math.abs(p - t);
    ae += e;
    se += e * e;
    tot += (t - mean) * (t - mean);
    if (e > maxError) maxError = e;
  }
  if (n === 0) return { n, mae: NaN, rmse: NaN, r2: NaN, maxError: NaN };
  return { n, mae: ae / n, rmse: Math.sqrt(se / n), r2: tot > 0 ? 1 - se / tot : NaN, maxError };
}

export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const idx: number[] = [];
  for (let i = 0; i < labels.length; i++)
    if (Number.isFinite(scores[i]) && (labels[i] === 0 || labels[i] === 1)) idx.push(i);
  idx.sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSumPos = 0;
  for (let k = 0; k < idx.length;) {
    let e = k;
    while (e + 1 < idx.length && scores[idx[e + 1]] === scores[idx[k]]) e++;
    const avgRank = (k + e) / 2 + 1;
    for (let q = k; q <= e; q++) {
      if (labels[idx[q]] !== 1) continue;
      pos++;
      rankSumPos += avgRank;
    }
    k = e + 1;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function classificationMetrics(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold = 0.5,
): ClassificationMetrics {
  let n = 0;
  let correct = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!Number.isFinite(scores[i]) || (labels[i] !== 0 && labels[i] !== 1)) continue;
    n++;
    const pred = scores[i] > threshold ? 1 : 0;
    if (pred === labels[i]) correct++;
    if (pred === 1 && labels[i] === 1) tp++;
    if (pred === 1 && labels[i] === 0) fp++;
    if (pred === 0 && labels[i] === 1) fn++;
  }
  const f1 = tp + fp + fn === 0 ? NaN : (2 * tp) / (2 * tp + fp + fn);
  return { n, rocAuc: rocAuc(labels, scores), accuracy: n ? correct / n : NaN, f1 };
}
