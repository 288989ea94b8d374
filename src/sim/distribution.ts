/**
 * Service-time distributions drawn from seeded random streams (src/sim/random.ts), so a scenario
 * and a seed always give the same draws. Times are integer picoseconds.
 *
 * Lognormal by mean and 99th percentile: storage latencies are right-skewed with a long tail, and
 * a lognormal is the usual two-parameter fit (mean for throughput by Little's law, p99 for the
 * tail). With X = exp(mu + sigma Z), mean = exp(mu + sigma^2 / 2) and p99 = exp(mu + z99 sigma),
 * so p99 / mean = exp(z99 sigma - sigma^2 / 2), solved for the smaller sigma.
 */
import type { RandomStream } from "./random.js";

/** The standard normal's 99th percentile. */
export const Z99 = 2.3263478740408408;

/** Largest p99 / mean a lognormal can have (at sigma = Z99). */
export const MAX_P99_OVER_MEAN = Math.exp((Z99 * Z99) / 2);

/** Sigma of the lognormal whose p99 / mean is `ratio` (> 1 and at most MAX_P99_OVER_MEAN). */
export function lognormalSigma(ratio: number): number {
  if (!(ratio > 1 && ratio <= MAX_P99_OVER_MEAN)) throw new RangeError(`p99 / mean ${ratio} is not in (1, ${MAX_P99_OVER_MEAN.toFixed(2)}]`);
  return Z99 - Math.sqrt(Z99 * Z99 - 2 * Math.log(ratio));
}

/** A standard normal draw (Box-Muller, one value per two uniforms: simple and exact enough). */
function normal(random: RandomStream): number {
  const u = 1 - random.next(); // (0, 1]
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Draws latencies, ps, from the lognormal with this mean and p99 (both ps, p99 > mean).
 * @example const draw = lognormalByMeanP99(us(80), us(250), sim.random.stream("media/nvme0")); draw()
 */
export function lognormalByMeanP99(meanPs: number, p99Ps: number, random: RandomStream): () => number {
  const sigma = lognormalSigma(p99Ps / meanPs);
  const mu = Math.log(meanPs) - (sigma * sigma) / 2;
  return () => Math.round(Math.exp(mu + sigma * normal(random)));
}
