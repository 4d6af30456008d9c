// npm run bench: each benchmark prints its figure beside its yardstick, measured in the same run.
import { interactiveBench } from './interactive-bench.ts';
import { labUpBench } from './lab-up-bench.ts';
import { reportBench } from './report-bench.ts';
import { serveBench } from './serve-bench.ts';

const only = process.argv[2];
if (!only || only === 'report') await reportBench();
if (!only || only === 'up') await labUpBench();
if (!only || only === 'serve') await serveBench();
if (!only || only === 'live') await interactiveBench();
