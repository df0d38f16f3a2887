/**
 * CIN / CNIE numbers have no public official specification: Masar normalises them (upper
 * case, no spaces or dashes) and warns on an unusual shape rather than refusing it.
 */
export function normaliseCin(raw: string): string {
  return raw.toUpperCase().replace(/[\s\-.]/g, '');
}

const commonCinShape = /^[A-Z]{1,2}[0-9]{5,6}$/;
/** The newer national identifier. */
const nationalNumberShape = /^[0-9]{10}$/;

export function hasUsualCinShape(normalised: string): boolean {
  return commonCinShape.test(normalised) || nationalNumberShape.test(normalised);
}
