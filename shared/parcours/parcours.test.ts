import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkMove,
  closureReasons,
  nextStage,
  orientations,
  previousStage,
  requirementsToEnter,
  stageAfter,
  stages,
  type FileFacts,
  type OpenStage,
  type Orientation,
  type Stage,
  type StageMove,
} from './parcours';

const complete: FileFacts = {
  hasIdentity: true,
  hasConsent: true,
  hasReleaseDate: true,
  diagnosticOrientation: 'agr',
  hasLifeProjectWithAction: true,
  isLifeProjectValidated: true,
  hasApprovedIncomeProject: true,
  hasSignedHandover: true,
};
const blank: FileFacts = {
  hasIdentity: false,
  hasConsent: false,
  hasReleaseDate: false,
  diagnosticOrientation: null,
  hasLifeProjectWithAction: false,
  isLifeProjectValidated: false,
  hasApprovedIncomeProject: false,
  hasSignedHandover: false,
};

describe('the order of the stages', () => {
  it('goes from accueil to suivi, through remise only for an income-generating project', () => {
    const walk = (orientation: Orientation | null) => {
      const visited: Stage[] = ['accueil'];
      for (let stage = nextStage('accueil', orientation); stage !== null; stage = nextStage(stage, orientation))
        visited.push(stage);
      return visited;
    };
    expect(walk('agr')).toEqual([
      'accueil',
      'diagnostic',
      'projetDeVie',
      'validation',
      'miseEnOeuvre',
      'remise',
      'suivi',
    ]);
    expect(walk('emploiSalarie')).toEqual([
      'accueil',
      'diagnostic',
      'projetDeVie',
      'validation',
      'miseEnOeuvre',
      'suivi',
    ]);
    expect(walk('formationComplementaire')).not.toContain('remise');
    expect(nextStage('cloture', 'agr')).toBeNull();
  });

  it('goes back exactly where it came from', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...stages.filter((stage): stage is OpenStage => stage !== 'cloture')),
        fc.constantFrom(...orientations, null),
        (stage, orientation) => {
          // Only the stages on this file's path (no *remise* without an income-generating project).
          const isOnPath = stage !== 'remise' || orientation === 'agr' || orientation === null;
          const next = nextStage(stage, orientation);
          if (next !== null && isOnPath) expect(previousStage(next, orientation)).toBe(stage);
        },
      ),
    );
    expect(previousStage('accueil', 'agr')).toBeNull();
    expect(previousStage('suivi', 'emploiSalarie')).toBe('miseEnOeuvre');
    expect(previousStage('suivi', 'agr')).toBe('remise');
  });
});

describe('what must be filled before moving on', () => {
  it('asks identity, consent and release date to leave accueil', () => {
    expect(checkMove('accueil', { kind: 'forward', to: 'diagnostic' }, blank)).toEqual({
      kind: 'missing',
      requirements: ['identity', 'consent', 'releaseDate'],
    });
    expect(
      checkMove('accueil', { kind: 'forward', to: 'diagnostic' }, { ...blank, hasIdentity: true, hasConsent: true }),
    ).toEqual({ kind: 'missing', requirements: ['releaseDate'] });
  });

  it('asks each stage what the previous ones asked, and its own', () => {
    expect(requirementsToEnter('projetDeVie', { ...complete, diagnosticOrientation: null })).toEqual(['diagnostic']);
    expect(requirementsToEnter('validation', { ...complete, hasLifeProjectWithAction: false })).toEqual([
      'lifeProjectAction',
    ]);
    expect(
      requirementsToEnter('miseEnOeuvre', { ...complete, hasConsent: false, isLifeProjectValidated: false }),
    ).toEqual(['consent', 'lifeProjectValidated']);
    expect(requirementsToEnter('remise', { ...complete, hasApprovedIncomeProject: false })).toEqual([
      'approvedIncomeProject',
    ]);
    expect(requirementsToEnter('suivi', { ...complete, hasSignedHandover: false })).toEqual(['signedHandover']);
    // A salaried job has no handover: its follow-up does not wait for one.
    expect(
      requirementsToEnter('suivi', {
        ...complete,
        diagnosticOrientation: 'emploiSalarie',
        hasApprovedIncomeProject: false,
        hasSignedHandover: false,
      }),
    ).toEqual([]);
  });

  it('allows every forward move of a complete file, and none that skips a stage', () => {
    for (const stage of stages) {
      const next = nextStage(stage, 'agr');
      if (next !== null) expect(checkMove(stage, { kind: 'forward', to: next }, complete)).toBeNull();
    }
    expect(checkMove('accueil', { kind: 'forward', to: 'projetDeVie' }, complete)).toEqual({ kind: 'notAllowed' });
    expect(checkMove('miseEnOeuvre', { kind: 'forward', to: 'suivi' }, complete)).toEqual({ kind: 'notAllowed' });
    expect(checkMove('cloture', { kind: 'forward', to: 'accueil' }, complete)).toEqual({ kind: 'notAllowed' });
  });
});

describe('going back, closing and reopening', () => {
  it('goes back one stage with a comment only', () => {
    const back = (comment: string): StageMove => ({ kind: 'back', to: 'projetDeVie', comment });
    expect(checkMove('validation', back('Le comité demande un autre local'), complete)).toBeNull();
    expect(checkMove('validation', back('   '), complete)).toEqual({ kind: 'commentRequired' });
    expect(checkMove('miseEnOeuvre', back('x'), complete)).toEqual({ kind: 'notAllowed' });
  });

  it('closes an open file with a reason, a transfer with where to', () => {
    for (const reason of closureReasons.filter((candidate) => candidate !== 'transfert'))
      expect(checkMove('suivi', { kind: 'close', reason, comment: '' }, blank)).toBeNull();
    expect(checkMove('diagnostic', { kind: 'close', reason: null, comment: 'x' }, blank)).toEqual({
      kind: 'closureReasonRequired',
    });
    expect(checkMove('suivi', { kind: 'close', reason: 'transfert', comment: '' }, blank)).toEqual({
      kind: 'commentRequired',
    });
    expect(checkMove('suivi', { kind: 'close', reason: 'transfert', comment: 'CAPC de Fès' }, blank)).toBeNull();
    expect(checkMove('cloture', { kind: 'close', reason: 'abandon', comment: '' }, blank)).toEqual({
      kind: 'notAllowed',
    });
    expect(stageAfter({ kind: 'close', reason: 'deces', comment: '' })).toBe('cloture');
  });

  it('reopens a closed file where it was closed from, with a comment', () => {
    const reopen: StageMove = { kind: 'reopen', to: 'suivi', comment: 'Retour au centre' };
    expect(checkMove('cloture', reopen, blank, 'suivi')).toBeNull();
    expect(checkMove('cloture', reopen, blank, 'diagnostic')).toEqual({ kind: 'notAllowed' });
    expect(checkMove('cloture', { ...reopen, comment: '' }, blank, 'suivi')).toEqual({ kind: 'commentRequired' });
    expect(checkMove('suivi', reopen, blank, 'suivi')).toEqual({ kind: 'notAllowed' });
  });
});
