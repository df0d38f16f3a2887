/** The sections of the case file page (renderer/features/casefile/CaseFilePage.tsx). */
export { AdmissionSection } from './AdmissionSection';
export { DiagnosticSection } from './DiagnosticSection';
export { LifeProjectSection } from './LifeProjectSection';
export { DetentionSection } from './DetentionSection';
