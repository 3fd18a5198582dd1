// File names for downloads. The server names what it sends
// (Content-Disposition); where it does not, the page makes the name from the
// map's title by the server's own slug rule (graph.Slug), so that a
// download is called the same whichever side named it.

// Letters that keep their sound in ASCII. Other accented letters lose
// their accent (é → e).
const spelled = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

// slug is title in lower-case ASCII letters and digits: æ → ae, ø → oe,
// å → aa, ä → ae, ö → oe, ü → ue, ß → ss, accented letters to their base
// letter, every run of other characters one '-', no '-' at either end, at
// most 60 characters; "relationskort" when nothing is left.
export function slug(title) {
  const s = String(title ?? '').toLowerCase()
    .replace(/[æøåäöüß]/g, (c) => spelled[c])
    .normalize('NFD').replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, 60).replace(/-+$/, '');
  return s || 'relationskort';
}

// dispositionName returns the file name a Content-Disposition header
// (RFC 6266) gives: filename* (RFC 8187, UTF-8) before filename, without
// any folder part; '' when there is none.
export function dispositionName(header) {
  if (!header) return '';
  const star = /(?:^|;)\s*filename\*\s*=\s*([^';\s]*)'[^']*'([^;\s]+)/i.exec(header);
  if (star && star[1].toLowerCase() === 'utf-8') {
    try {
      const name = baseName(decodeURIComponent(star[2]));
      if (name) return name;
    } catch { /* a broken %-escape: use filename */ }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  if (!plain) return '';
  return baseName(plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]);
}

function baseName(name) {
  return name.replace(/^.*[/\\]/, '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
}
