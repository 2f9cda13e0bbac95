// Message catalogs (Vietnamese first, English available) and locale helpers.
const catalogs = {
  vi: {
    'app.title': 'Thi đua – Khen thưởng',
    'lang.switch': 'English',
    'login.title': 'Đăng nhập',
    'login.username': 'Tên đăng nhập',
    'login.password': 'Mật khẩu',
    'login.submit': 'Đăng nhập',
    'logout': 'Đăng xuất',
    'clusters.title': 'Cụm, khối thi đua',
    'clusters.search': 'Tìm theo tên (không cần dấu)',
    'clusters.name': 'Tên cụm, khối',
    'clusters.authority': 'Cơ quan tổ chức',
    'clusters.members': 'Số đơn vị',
    'clusters.years': 'Các năm',
    'clusters.empty': 'Không có cụm, khối thi đua nào.',
    'clusters.total': 'Tổng số: {n}',
    'cluster.back': '← Danh sách cụm, khối',
    'cluster.year': 'Năm {year}',
    'cluster.status': 'Trạng thái',
    'cluster.leader': 'Cụm trưởng',
    'cluster.deputy': 'Cụm phó',
    'cluster.member': 'Thành viên',
    'cluster.role': 'Vai trò',
    'cluster.unit': 'Đơn vị',
    'cluster.no_years': 'Cụm chưa có năm thi đua nào.',
    'status.planning': 'Đang xây dựng kế hoạch',
    'status.agreement_signed': 'Đã ký giao ước',
    'status.in_progress': 'Đang thực hiện',
    'status.self_assessment': 'Đơn vị tự chấm điểm',
    'status.cross_assessment': 'Chấm chéo',
    'status.results_published': 'Đã công bố kết quả',
    'status.closed': 'Đã kết thúc',
    'role.admin': 'Quản trị',
    'role.authority_officer': 'Cán bộ cơ quan tổ chức',
    'role.council_member': 'Thành viên hội đồng',
    'role.leader_officer': 'Cán bộ đơn vị cụm trưởng',
    'role.unit_officer': 'Cán bộ đơn vị',
    'role.delegate': 'Đại biểu',
    'role.viewer': 'Người xem',
    'error.invalid_credentials': 'Sai tên đăng nhập hoặc mật khẩu.',
    'error.too_many_attempts': 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {s} giây.',
    'error.login_required': 'Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.',
    'error.network': 'Không kết nối được máy chủ. Vui lòng thử lại.',
    'error.generic': 'Đã có lỗi: {message}',
    'loading': 'Đang tải…',
  },
  en: {
    'app.title': 'Emulation and commendation',
    'lang.switch': 'Tiếng Việt',
    'login.title': 'Log in',
    'login.username': 'User name',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'logout': 'Log out',
    'clusters.title': 'Emulation clusters and blocs',
    'clusters.search': 'Search by name (diacritics optional)',
    'clusters.name': 'Cluster',
    'clusters.authority': 'Organizing authority',
    'clusters.members': 'Units',
    'clusters.years': 'Years',
    'clusters.empty': 'No clusters.',
    'clusters.total': 'Total: {n}',
    'cluster.back': '← All clusters',
    'cluster.year': 'Year {year}',
    'cluster.status': 'Status',
    'cluster.leader': 'Leader',
    'cluster.deputy': 'Deputy leader',
    'cluster.member': 'Member',
    'cluster.role': 'Role',
    'cluster.unit': 'Unit',
    'cluster.no_years': 'This cluster has no years yet.',
    'status.planning': 'Planning',
    'status.agreement_signed': 'Agreement signed',
    'status.in_progress': 'In progress',
    'status.self_assessment': 'Self-assessment',
    'status.cross_assessment': 'Cross-assessment',
    'status.results_published': 'Results published',
    'status.closed': 'Closed',
    'role.admin': 'Administrator',
    'role.authority_officer': 'Authority officer',
    'role.council_member': 'Council member',
    'role.leader_officer': 'Leader unit officer',
    'role.unit_officer': 'Unit officer',
    'role.delegate': 'Delegate',
    'role.viewer': 'Viewer',
    'error.invalid_credentials': 'Wrong user name or password.',
    'error.too_many_attempts': 'Too many failed logins. Try again in {s} seconds.',
    'error.login_required': 'Your session has ended; please log in again.',
    'error.network': 'Cannot reach the server. Please try again.',
    'error.generic': 'Something went wrong: {message}',
    'loading': 'Loading…',
  },
};

const STORAGE_KEY = 'thidua.lang';

export function currentLang() {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

export function setLang(lang) {
  localStorage.setItem(STORAGE_KEY, lang === 'en' ? 'en' : 'vi');
  document.documentElement.lang = currentLang();
}

// t('clusters.total', {n: 3}) → "Tổng số: 3"
export function t(key, params = {}) {
  const text = catalogs[currentLang()][key] ?? catalogs.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

export function hasMessage(key) {
  return key in catalogs[currentLang()];
}

const collators = { vi: new Intl.Collator('vi'), en: new Intl.Collator('vi') };

// Vietnamese order ("Đ" after "D", tones in order) whatever the UI language.
export function compareVi(a, b) {
  return collators[currentLang()].compare(a, b);
}

export function formatNumber(n) {
  return new Intl.NumberFormat('vi-VN').format(n);
}

// "2026-11-23" or an ISO timestamp → "23/11/2026"
export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}
