/**
 * French strings of the case file's sections (`sections.*`): admission details, diagnostic et
 * qualification, projet de vie individuel (objectives and actions), detention (restricted).
 */
export const sectionsFr = {};
