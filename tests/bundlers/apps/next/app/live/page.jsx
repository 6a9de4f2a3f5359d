// Rendered on the server at each request (`next start`), with the package imported there.
import QuickStart from '../quick-start.jsx';

export const dynamic = 'force-dynamic';

export default function Live() {
  return (
    <main>
      <h1>breakout-rooms with Next.js, rendered per request</h1>
      <QuickStart />
    </main>
  );
}
