// Share 2 of the labelled scenarios (shard.ts says why the set is split).
import { accuracyShard } from './shard.js';

accuracyShard(1);
