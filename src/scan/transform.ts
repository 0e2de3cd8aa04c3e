/**
 * The homography maths scan's steps work with, re-exported from src/geometry (its one home, shared with simulate/),
 * so every step keeps importing './transform.js'.
 */
export {
  applyHomography, composeHomographies, fitAffine, fitHomography, imageToPage, invertHomography, localScale, pageToImage, reducedToFullPixels,
  type Correspondence, type Homography, type Point2,
} from '../geometry/index.js';
