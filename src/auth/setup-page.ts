/**
 * The first-start page behind the printed setup link: one form that creates the owner through
 * POST /api/setup. Plain HTML so it works before any UI bundle is built; the admin UI takes over
 * once an owner exists. The token stays in the page (never in a Referer: no-referrer).
 */
export const SETUP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Leadlens — set up</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit}#msg{margin-top:1rem}</style></head>
<body><h1>Leadlens</h1><p>Create the owner account. This link works once.</p>
<form id="f"><label for="name">Name</label><input id="name" name="name" required maxlength="100" autocomplete="name">
<label for="email">E-mail</label><input id="email" name="email" type="email" required autocomplete="username">
<label for="password">Password (10 characters or more)</label><input id="password" name="password" type="password" required minlength="10" autocomplete="new-password">
<button>Create owner</button></form><p id="msg" role="status"></p>
<script>
const token = new URLSearchParams(location.search).get('token') || '';
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const res = await fetch('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, name: f.get('name'), email: f.get('email'), password: f.get('password') }) });
  const msg = document.getElementById('msg');
  if (res.ok) { msg.textContent = 'Owner created. You are signed in.'; e.target.remove(); }
  else { const b = await res.json().catch(() => ({})); msg.textContent = (b.error && b.error.message) || 'Setup failed.'; }
});
</script></body></html>`;
