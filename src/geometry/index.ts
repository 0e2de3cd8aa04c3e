/** Public surface of geometry: plane projective maths shared by scan/ and simulate/ (pure numbers, below every feature). */
export {
  applyHomography, composeHomographies, fitAffine, fitHomography, imageToPage, invertHomography, localScale, pageToImage, reducedToFullPixels,
  type Correspondence, type Homography, type Point2,
} from './homography.js';
