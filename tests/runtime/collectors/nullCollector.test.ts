import { nullCollector } from '../../../src/runtime/collectors/nullCollector';
import { registerCollectorContract } from '../collectorContract';

registerCollectorContract(nullCollector);
