// Writes a large synthetic article index (schema/index.schema.json) for the "Tìm theo ngày"
// benchmarks: node scripts/gen-index.mjs [count=100000] [out=target/bench/index-100k.json] [years=3]
//
// Deterministic (seeded PRNG): the same count gives the same bytes, so timings are comparable
// between runs. Entries are in random order (the widget must sort them), spread over the `years`
// before 2025 (three by default; the sharded archive's benchmark uses fifteen)
// with mixed offsets (+07:00 mostly, some Z), and about 1% are deliberately malformed (bad date or
// missing title) so the skipping path is measured too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const count = Number(process.argv[2] ?? 100000);
const out = process.argv[3] ?? 'target/bench/index-100k.json';
const years = Number(process.argv[4] ?? 3);
if (!Number.isInteger(years) || years < 1 || years > 100) {
  console.error(`years must be an integer from 1 to 100, got ${process.argv[4]}`);
  process.exit(1);
}
if (!Number.isInteger(count) || count < 0) {
  console.error(`count must be a non-negative integer, got ${process.argv[2]}`);
  process.exit(1);
}

// mulberry32: small, fast, and good enough for test data.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20240513);
const pick = (list) => list[Math.floor(random() * list.length)];

const subjects = [
  'UBND tỉnh', 'Sở Xây dựng', 'Sở Giáo dục và Đào tạo', 'Ủy ban MTTQ tỉnh', 'Tỉnh đoàn',
  'Hội đồng nhân dân tỉnh', 'Sở Y tế', 'Bộ Xây dựng', 'Ban Chỉ đạo chuyển đổi số', 'Công an tỉnh',
  'Đoàn ĐBQH tỉnh', 'Sở Tài nguyên và Môi trường', 'Liên đoàn Lao động tỉnh', 'Hội Nông dân tỉnh',
];
const actions = [
  'họp phiên thường kỳ', 'triển khai kế hoạch', 'tăng cường kiểm tra', 'phát động phong trào',
  'tổng kết công tác', 'tiếp xúc cử tri', 'đẩy nhanh tiến độ', 'tháo gỡ vướng mắc về',
  'tổ chức hội nghị về', 'ra mắt mô hình', 'trao quyết định về', 'sơ kết 6 tháng',
];
const topics = [
  'giải ngân vốn đầu tư công', 'xóa nhà tạm, nhà dột nát', 'an toàn công trình mùa mưa bão',
  'chuyển đổi số', 'kỳ thi tốt nghiệp THPT', 'cải cách thủ tục hành chính', 'phòng chống dịch bệnh',
  'xây dựng nông thôn mới', 'bảo vệ môi trường', 'công tác dân vận', 'an toàn giao thông',
  'phát triển du lịch', 'hỗ trợ doanh nghiệp nhỏ và vừa', 'nhà ở xã hội',
];

const HOUR = 3600 * 1000;
const START = Date.UTC(2025 - years - 1, 11, 31, 17); // 1 January, `years` before 2025, in +07:00
const SPAN = years * 365 * 24 * HOUR;
const pad = (n) => String(n).padStart(2, '0');

// RFC 3339 in +07:00, or in UTC with Z.
function rfc3339(ms, vietnam) {
  if (!vietnam) return new Date(ms).toISOString().replace('.000Z', 'Z');
  const d = new Date(ms + 7 * HOUR);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T`
    + `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`;
}

const badDates = ['2024-13-45T25:61:00+07:00', '13/05/2024 10:45', '2024-05-13T10:45:00', ''];
const articles = [];
let malformed = 0;
for (let i = 0; i < count; i++) {
  const id = `bai-viet-${String(i).padStart(6, '0')}`;
  // Whole minutes, as portals publish.
  const ms = START + Math.floor((random() * SPAN) / 60000) * 60000;
  const entry = {
    id,
    title: `${pick(subjects)} ${pick(actions)} ${pick(topics)}`,
    published: rfc3339(ms, random() < 0.85),
    src: `articles/${id}.json`,
    url: random() < 0.1 ? `https://portal.example.vn/tin-tuc/${id}.html` : null,
  };
  if (random() < 0.01) {
    malformed++;
    if (random() < 0.5) entry.published = pick(badDates);
    else delete entry.title;
  }
  articles.push(entry);
}

const json = JSON.stringify({ articles });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, json);
const mb = (Buffer.byteLength(json) / 1024 / 1024).toFixed(1);
console.log(`${out}: ${count} entries (${malformed} malformed), ${mb} MB`);
