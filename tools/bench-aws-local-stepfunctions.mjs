// Runs the engine benchmark's definition N times in aws-local-stepfunctions, all at once, and
// prints one JSON line: executions, seconds, peak resident set. Called by awards.bench.EngineBenchmark.
import { readFileSync } from 'node:fs';

// aws-local-stepfunctions 3 calls Promise.withResolvers, which Node 22 has and Node 20 lacks.
if (!Promise.withResolvers) {
  Promise.withResolvers = () => {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
const { StateMachine } = await import('aws-local-stepfunctions');

const [definitionFile, n] = [process.argv[2], Number(process.argv[3])];
const machine = new StateMachine(JSON.parse(readFileSync(definitionFile, 'utf8')));
const overrides = { taskResourceLocalHandlers: { Score: (input) => ({ score: input.id % 7 }) } };
const started = process.hrtime.bigint();
const runs = [];
for (let i = 0; i < n; i++) {
  runs.push(machine.run({ id: i, judges: ['a', 'b', 'c'] }, { overrides }).result);
}
const results = await Promise.all(runs);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const hwm = readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/);
const ok = results.filter((r) => r && r.assigned && r.assigned.length === 3).length;
console.log(JSON.stringify({ executions: n, succeeded: ok, seconds, peakRssKb: hwm ? Number(hwm[1]) : -1 }));
