// Prerendered at build time: the client component, and so the package, is imported on the server.
import QuickStart from './quick-start.jsx';

export default function Page() {
  return (
    <main>
      <h1>breakout-rooms with Next.js</h1>
      <QuickStart />
    </main>
  );
}
