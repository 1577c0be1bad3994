import { incrementalCollector } from '../../../src/runtime/collectors/incrementalCollector';
import { incrementalZealVariant } from '../../../src/runtime/collectors/builtinCollectors';
import { registerCollectorContract } from '../collectorContract';

registerCollectorContract(incrementalCollector);
registerCollectorContract(incrementalZealVariant('incremental:0')!);
