import type { setupFr } from './setup.fr';
import type { Widen } from './widen';

/** Arabic has exactly the French keys, plus the Arabic plural forms (see widen.ts). */
export type SetupTranslation = Widen<typeof setupFr>;

/** The first run of a server, in Arabic (same keys as `setup.fr.ts`). */
export const setupAr: SetupTranslation = {
  checkAgain: 'إعادة التحقق',
  back: 'رجوع',
  offer: {
    title: 'مرحبا بك في مسار',
    intro:
      'لا يتوفر هذا الخادم بعد على أي حساب: لا يمكن لأحد تسجيل الدخول إليه بعد. أنت على جهاز الخادم نفسه: يمكنك تشغيله لأول مرة.',
    adminTitle: 'تثبيت فعلي',
    adminText: 'أنشئ حساب مسؤول النظام. سيُنشئ بعد ذلك المراكز وحسابات المرشدين من خلال الإدارة.',
    adminButton: 'إنشاء أول مسؤول للنظام',
    demoTitle: 'التعرف على مسار',
    demoText:
      'مركز وهمي يضم 400 مستفيد في جميع مراحل المسار وثلاثة حسابات بكلمة مرور معروفة. لا يُستعمل أبدا على خادم حقيقي.',
    demoButton: 'تحميل المركز التجريبي',
    demoLoading: 'جارٍ تحميل المركز التجريبي… (بضع ثوان)',
    cliHint: 'دون متصفح، على الخادم نفسه:',
  },
  remote: {
    title: 'لا يتوفر هذا الخادم بعد على أي حساب',
    intro: 'لم يتم بعد تشغيل مسار على هذا الخادم: لا يمكن لأحد تسجيل الدخول إليه بعد.',
    whomToAsk: 'اطلب حسابك من مسؤول النظام في الخادم المركزي، بمقر المؤسسة. يتم التشغيل الأول من جهاز الخادم نفسه.',
  },
  admin: {
    title: 'أول مسؤول للنظام',
    intro: 'يدير هذا الحساب مسار بأكمله: المراكز والحسابات والأجهزة. اختر كلمة مرور شخصية لا تقل عن 10 أحرف.',
    username: 'اسم المستخدم لتسجيل الدخول',
    usernameHint: 'مثال: admin.siege. حروف لاتينية صغيرة دون علامات، وأرقام، ونقطة، وشرطة، وشرطة سفلية.',
    displayName: 'الاسم الكامل',
    displayNameHint: 'مثال: مسؤول النظام بالمقر',
    password: 'كلمة المرور',
    confirmPassword: 'تأكيد كلمة المرور',
    submit: 'إنشاء الحساب وتسجيل الدخول',
  },
  demo: {
    title: 'تم تحميل المركز التجريبي',
    intro: '{{name}} جاهز. سجّل الدخول بأحد هذه الحسابات: كلمة المرور نفسها للحسابات الثلاثة.',
    password: 'كلمة المرور',
    accounts: 'الحسابات التجريبية',
    columns: { username: 'اسم المستخدم', name: 'الاسم', role: 'الدور' },
    signIn: 'دخول',
    signInAs: 'الدخول باسم {{username}}',
    warning: 'كلمة المرور هذه معروفة للجميع: هذا المركز للعرض التجريبي فقط، ولا يُستعمل أبدا على خادم حقيقي.',
    toSignIn: 'الدخول بحساب آخر',
  },
};
