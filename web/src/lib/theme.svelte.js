// Light and dark themes: follows prefers-color-scheme until the user picks
// one with the toggle (kept in localStorage). The choice is the
// `data-theme` attribute of <html>; colours are CSS variables (app.css),
// which charts read too (color()).

const media = window.matchMedia('(prefers-color-scheme: dark)');
const saved = localStorage.getItem('vigil-theme');

export const theme = $state({ mode: saved === 'dark' || saved === 'light' ? saved : media.matches ? 'dark' : 'light' });

function apply() {
  document.documentElement.setAttribute('data-theme', theme.mode);
}
apply();

media.addEventListener('change', (e) => {
  if (!localStorage.getItem('vigil-theme')) {
    theme.mode = e.matches ? 'dark' : 'light';
    apply();
  }
});

export function toggleTheme() {
  theme.mode = theme.mode === 'dark' ? 'light' : 'dark';
  localStorage.setItem('vigil-theme', theme.mode);
  apply();
}

// The value of a CSS variable of the current theme ("--fg" -> "#1b2030").
export function color(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
