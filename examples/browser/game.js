// The example page's game: a tiny state with a history, saved in named slots with savepack/browser.
// `./savepack.js` is the one-file browser build: dist/browser/savepack-browser.js (`npm run build`),
// served at that name by serve.mjs.

import { t, codec, SavepackError, saveSlot, loadSlot, listSlots, deleteSlot, slotBackend, storageErrorName } from './savepack.js';

const Event = t.struct('demo.Event', { turn: t.u32, text: t.string });
const Hero = t.struct('demo.Hero', { hp: t.u16, gold: t.u32, x: t.i16, y: t.i16 });
const Game = t.struct('demo.Game', { turn: t.u32, hero: Hero, history: t.vec(Event) });
const saves = codec(Game, { version: 1, compress: 'deflate' });

const $ = (id) => document.getElementById(id);
const newGame = () => ({ turn: 0, hero: { hp: 20, gold: 0, x: 0, y: 0 }, history: [{ turn: 0, text: 'You enter the dungeon.' }] });
let game = newGame();
let seed = 7;
const roll = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };

function act(kind) {
  const h = game.hero;
  game.turn++;
  let text;
  if (kind === 'explore') {
    const [dx, dy] = [[1, 0], [-1, 0], [0, 1], [0, -1]][roll(4)];
    h.x += dx; h.y += dy;
    const gold = roll(3) === 0 ? 1 + roll(9) : 0;
    h.gold += gold;
    text = `You walk to ${h.x},${h.y}${gold ? ` and find ${gold} gold` : ''}.`;
  } else if (kind === 'fight') {
    const hurt = roll(5);
    h.hp = Math.max(0, h.hp - hurt);
    h.gold += 3;
    text = `You fight a rat: -${hurt} HP, +3 gold.`;
  } else {
    h.hp = Math.min(20, h.hp + 4);
    text = 'You rest: +4 HP.';
  }
  game.history.push({ turn: game.turn, text });
  render();
}

function render() {
  $('turn').textContent = String(game.turn);
  $('hp').textContent = String(game.hero.hp);
  $('gold').textContent = String(game.hero.gold);
  $('pos').textContent = `${game.hero.x},${game.hero.y}`;
  $('history').replaceChildren(...game.history.slice(-50).map((e) => {
    const li = document.createElement('li');
    li.value = e.turn;
    li.textContent = e.text;
    return li;
  }));
  $('history').scrollTop = 1e9;
}

function status(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

/** What a failed save or load says: the code, and for storage failures the browser's error. */
function explain(e) {
  if (!(e instanceof SavepackError)) return String(e);
  const storage = storageErrorName(e);
  return `${e.code}${storage ? ` (${storage})` : ''}: ${e.message.replace(/^[A-Z_]+: /, '')}`;
}

async function refreshSlots() {
  const rows = (await listSlots()).map((s) => {
    const tr = document.createElement('tr');
    const cells = [s.name, `${s.size} B`, `v${s.dataVersion}`, new Date(s.time).toLocaleTimeString(), s.backup ? `${s.backup.size} B` : '—'];
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.append(td);
    }
    tr.addEventListener('click', () => { $('slot').value = s.name; });
    return tr;
  });
  $('slots').replaceChildren(...rows);
}

const onProgress = (done, total) => { $('progress').value = total ? done / total : 1; };

async function run(what, f) {
  try {
    await f();
  } catch (e) {
    status(`${what} failed: ${explain(e)}`, true);
  }
  await refreshSlots().catch((e) => status(`listing failed: ${explain(e)}`, true));
}

$('explore').onclick = () => act('explore');
$('fight').onclick = () => act('fight');
$('rest').onclick = () => act('rest');
$('new-game').onclick = () => { game = newGame(); render(); status('New game.'); };
$('save').onclick = () => run('Save', async () => {
  const name = $('slot').value;
  await saveSlot(name, saves, game, { backup: $('backup').checked, onProgress });
  status(`Saved turn ${game.turn} in "${name}".`);
});
$('load').onclick = () => run('Load', async () => {
  const name = $('slot').value;
  game = await loadSlot(name, saves, { onProgress });
  render();
  status(`Loaded "${name}": turn ${game.turn}.`);
});
$('load-backup').onclick = () => run('Load backup', async () => {
  const name = $('slot').value;
  game = await loadSlot(name, saves, { backup: true, onProgress });
  render();
  status(`Loaded the backup of "${name}": turn ${game.turn}.`);
});
$('delete').onclick = () => run('Delete', async () => {
  const name = $('slot').value;
  status((await deleteSlot(name)) ? `Deleted "${name}".` : `There is no slot "${name}".`);
});

render();
slotBackend().then((b) => { $('backend').textContent = b === 'opfs' ? 'the Origin Private File System' : 'IndexedDB'; }, (e) => status(explain(e), true));
refreshSlots().then(() => { document.body.dataset.ready = '1'; }, (e) => status(explain(e), true));
