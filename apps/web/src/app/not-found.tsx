export default function NotFound() {
  return (
    <main id="main" className="container">
      <div className="card stack error-page">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <div>
          {/* A plain link: this page is the fallback of every route, so next/link here would load with all of them. */}
          <a className="button" href="/">
            Go to the home page
          </a>
        </div>
      </div>
    </main>
  );
}
