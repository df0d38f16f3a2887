/**
 * The first préfecture codes Masar stored (Casablanca-Settat only, before the whole country was in
 * `administrative.ts`), kept frozen: administrative.test.ts checks that the full list still has
 * these codes with these names, since saved records hold them. Use `administrative.ts` elsewhere.
 */
export type PrefectureKind = 'prefecture' | 'province';

export type Prefecture = {
  code: string;
  kind: PrefectureKind;
  name: { fr: string; ar: string };
};

export const casablancaSettatPrefectures = [
  { code: 'CS-CASABLANCA', kind: 'prefecture', name: { fr: 'Casablanca', ar: 'الدار البيضاء' } },
  { code: 'CS-MOHAMMEDIA', kind: 'prefecture', name: { fr: 'Mohammedia', ar: 'المحمدية' } },
  { code: 'CS-EL-JADIDA', kind: 'province', name: { fr: 'El Jadida', ar: 'الجديدة' } },
  { code: 'CS-SIDI-BENNOUR', kind: 'province', name: { fr: 'Sidi Bennour', ar: 'سيدي بنور' } },
  { code: 'CS-SETTAT', kind: 'province', name: { fr: 'Settat', ar: 'سطات' } },
  { code: 'CS-BERRECHID', kind: 'province', name: { fr: 'Berrechid', ar: 'برشيد' } },
  { code: 'CS-BENSLIMANE', kind: 'province', name: { fr: 'Benslimane', ar: 'بنسليمان' } },
  { code: 'CS-NOUACEUR', kind: 'province', name: { fr: 'Nouaceur', ar: 'النواصر' } },
  { code: 'CS-MEDIOUNA', kind: 'province', name: { fr: 'Médiouna', ar: 'مديونة' } },
] as const satisfies readonly Prefecture[];

export type PrefectureCode = (typeof casablancaSettatPrefectures)[number]['code'];

export const prefectureCodes = casablancaSettatPrefectures.map((p) => p.code) as [PrefectureCode, ...PrefectureCode[]];

export function findPrefecture(code: string): Prefecture | undefined {
  return casablancaSettatPrefectures.find((p) => p.code === code);
}
