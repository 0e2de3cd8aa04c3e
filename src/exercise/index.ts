/** Public surface of exercise packs: scenarios, pack creation (with printing and simulation passed in) and scoring. */
export { parseScenario, HARD_CASE_KINDS, type Scenario, type ScenarioIssue, type ScenarioParseResult, type Inject, type Role, type HardCase } from './scenario.js';
export { checkScenarioForms, type FormCheck } from './check-scenario-forms.js';
export { planPack, assignRoles, exerciseSites, PREFILLED_SERIAL_FROM, type PackPlan, type PrefilledSheet, type InjectCard } from './plan-pack.js';
export { buildAnswerKey, signalFigures, type AnswerKey, type KeySheet, type SignalFigures } from './answer-key.js';
export { scoreExercise, judgeField, type ExerciseScore, type TraineeRows, type TraineeSheet } from './score-exercise.js';
export {
  createExercisePack, CARDS_PER_PAGE, type ExercisePackRequest, type ExercisePackResult, type PrintSheetsFn, type PrefilledRequest, type SimulatePrefilled,
} from './create-exercise-pack.js';
export { scoreMatches, type MatchScore, type MatchVerdict, type TraineeMatchDecision } from './score-matches.js';
export { scoreWorkspace, readAnswerKey, readTraineeRows, type ScoreRequest, type ScoreResult } from './score-workspace.js';
export {
  planRadioDrill, scoreRadioDrill, type ComposeRadioDrill, type DrillFigures, type DrillSheet, type RadioDrillKey, type RadioDrillScore, type DrillLabel,
} from './radio-drill.js';
