/**
 * Network classifier: which kind of organisation is behind an AS (see src/classify/README.md).
 * Other modules import only from here.
 */
export {
  classFromIpverseCategory,
  isLead,
  isNetworkClass,
  NETWORK_CLASSES,
  type NetworkClass,
} from './classes.ts';
export {
  type Classification,
  type Classifier,
  type ClassifyInput,
  createClassifier,
} from './classifier.ts';
export { loadDefaultOverrides, parseOverrides } from './overrides.ts';
