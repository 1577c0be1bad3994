import { drcCollector } from '../../../src/runtime/collectors/drcCollector';
import { registerCollectorContract } from '../collectorContract';

registerCollectorContract(drcCollector);
