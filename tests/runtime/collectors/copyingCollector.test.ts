import { copyingCollector } from '../../../src/runtime/collectors/copyingCollector';
import { registerCollectorContract } from '../collectorContract';

registerCollectorContract(copyingCollector);
