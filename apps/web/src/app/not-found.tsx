import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="container">
      <div className="card stack error-page">
        <h1>Page not found</h1>
        <p className="muted">There is nothing at this address.</p>
        <div>
          <Link className="button" href="/">
            Go to the home page
          </Link>
        </div>
      </div>
    </main>
  );
}
