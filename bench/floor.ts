/**
 * `node dist/bench/floor.js [tlps]`: a floor for the same-switch case, not a model. The arithmetic
 * one saturated 256 B write stream needs per TLP, written as one loop over plain numbers: two
 * Gen4 x16 wires (fractional free times, ends rounded up), the switch's cut-through, BAR memory as a
 * FIFO server, and two credit ledgers whose returns wait in rings. No objects, queues, events,
 * arbitration or probes. The model does all of this and more per TLP; this loop says how fast the
 * arithmetic alone runs on this machine (docs/design.md, "Speed", compares the two), so what
 * separates the model from 1/10 of real time is bookkeeping, not arithmetic.
 */
const TLP_PAYLOAD_BYTES = 256;

function stream(tlps: number): number {
  const psPerByte = 1000 / 31.5; // about Gen4 x16 at the TLP layer
  const framing = 6;
  const serializationPs = (TLP_PAYLOAD_BYTES + 16 + framing) * psPerByte;
  const linkLatencyPs = 10_000;
  const switchLatencyPs = 150_000;
  const barPsPerByte = 1000 / 50;
  const updateFcPs = linkLatencyPs + 100;
  const creditsPerTlp = 16;
  const credits = 64 * creditsPerTlp;
  const returnsUp = new Float64Array(4096);
  const returnsDown = new Float64Array(4096);
  let upHead = 0;
  let upTail = 0;
  let downHead = 0;
  let downTail = 0;
  let upCredits = credits;
  let downCredits = credits;
  let upFree = 0;
  let downFree = 0;
  let barFree = 0;
  let lastReady = 0;
  let checksum = 0;
  for (let i = 0; i < tlps; i++) {
    let start = upFree;
    while (upCredits < creditsPerTlp) {
      const back = returnsUp[upHead++ & 4095]!;
      upCredits += creditsPerTlp;
      if (back > start) start = back;
    }
    upCredits -= creditsPerTlp;
    upFree = start + serializationPs;
    const atSwitch = Math.ceil(upFree) + linkLatencyPs;
    const ready = Math.max(atSwitch, atSwitch - Math.ceil(serializationPs) + switchLatencyPs, lastReady);
    lastReady = ready;
    returnsUp[upTail++ & 4095] = ready + updateFcPs;
    let down = downFree > ready - 1 ? downFree : ready;
    while (downCredits < creditsPerTlp) {
      const back = returnsDown[downHead++ & 4095]!;
      downCredits += creditsPerTlp;
      if (back > down) down = back;
    }
    downCredits -= creditsPerTlp;
    downFree = down + serializationPs;
    const atBar = Math.ceil(downFree) + linkLatencyPs;
    barFree = (barFree > atBar ? barFree : atBar) + TLP_PAYLOAD_BYTES * barPsPerByte;
    returnsDown[downTail++ & 4095] = Math.ceil(barFree) + updateFcPs;
    checksum += atBar;
  }
  return checksum;
}

const tlps = Number(process.argv[2] ?? 4 * 1024 * 1024);
stream(1 << 20); // warm-up
const started = performance.now();
const checksum = stream(tlps);
const wallMs = performance.now() - started;
const simulatedNs = (tlps * TLP_PAYLOAD_BYTES) / 27; // about 27 GB/s, as the model's case runs
console.log(JSON.stringify({ tlps, wallMs, nsPerTlp: (wallMs * 1e6) / tlps, realTime: simulatedNs / 1e9 / (wallMs / 1000), checksum }));
