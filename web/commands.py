"""The service's ``grader`` subcommands: ``db upgrade``, ``user``, ``demo seed``/``remove``, ``serve``."""
from __future__ import annotations

import argparse
import csv
import getpass
import secrets
import sys

EXIT_USAGE = 2


def add(commands) -> None:
    """Add the subcommands to grader's argparse subparsers; each sets ``service_run``."""
    database = commands.add_parser("db", help="the service's database")
    database.add_argument("action", choices=["upgrade"],
                          help="upgrade: bring the schema to the newest migration")
    database.set_defaults(service_run=_db)

    user = commands.add_parser("user", help="accounts of the web service")
    actions = user.add_subparsers(dest="action", required=True)
    one = actions.add_parser("add", help="add one account; prints its password")
    one.add_argument("email")
    one.add_argument("--instructor", action="store_true", help="an instructor (default: student)")
    one.add_argument("--name", default="")
    one.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input (default: a random one)")
    change = actions.add_parser("password", help="give an account a new password (prints it) "
                                "and sign it out everywhere")
    change.add_argument("email")
    change.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input (default: a random one)")
    roster = actions.add_parser("import", help="add students from a CSV roster (columns email, "
                                "name); prints email,password of each new account")
    roster.add_argument("roster", type=argparse.FileType("r", encoding="utf-8-sig"))
    user.set_defaults(service_run=_user)

    demo = commands.add_parser("demo", help="a demo class for the instructors' pages")
    demo.add_argument("action", choices=["seed", "remove"], help="seed: add students whose "
                      "submissions are the gallery's, graded for real in the sandbox (a few "
                      "minutes); remove: take the demo's accounts and all their data out again")
    demo.add_argument("--students", type=int, default=30, help="how many (default 30)")
    demo.add_argument("--sandbox", default=None, help="docker, bwrap or none (default: GRADER_SANDBOX)")
    demo.set_defaults(service_run=_demo)

    serve = commands.add_parser("serve", help="run the whole service on this machine: web server, "
                                "a worker, and a broker (see docs/settings.md)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="submissions graded at once (default 1; each uses about 2 cores)")
    serve.set_defaults(service_run=_serve)


def _app():
    from web import create_app
    return create_app()


def _db(args) -> int:
    from web.store import db
    app = _app()  # AUTO_MIGRATE may have done it already; upgrading again is a no-op
    engine = db.make_engine(app.config["DATABASE_URL"])
    db.upgrade(engine)
    print(f"the database is at migration {db.current_revision(engine)}")
    return 0


def _new_password(args) -> int:
    """A new password for an existing account; every session it had ends."""
    from web.store import accounts, db
    with _app().app_context():
        user = accounts.find(db.session(), args.email)
        if user is None:
            print(f"grader user: there is no account {args.email!r}", file=sys.stderr)
            return EXIT_USAGE
        password = _read_password() if args.password_stdin else secrets.token_urlsafe(12)
        try:
            accounts.set_password(user, password)
        except accounts.AccountError as exc:
            print(f"grader user: {exc}", file=sys.stderr)
            return EXIT_USAGE
        db.session().commit()
    csv.writer(sys.stdout).writerow([user.email] if args.password_stdin else [user.email, password])
    return 0


def _user(args) -> int:
    if args.action == "password":
        return _new_password(args)
    from web.store import accounts, db
    with _app().app_context():
        session = db.session()
        try:
            if args.action == "add":
                password = _read_password() if args.password_stdin else None
                role = "instructor" if args.instructor else "student"
                made = [accounts.add_user(session, args.email, role, args.name, password)]
            else:
                made = accounts.import_roster(session, args.roster.read())
        except accounts.AccountError as exc:
            print(f"grader user: {exc}", file=sys.stderr)
            return EXIT_USAGE
        session.commit()
    writer = csv.writer(sys.stdout)
    chosen = args.action == "add" and args.password_stdin  # never echo a password typed in
    for account in made:
        if account.created:
            writer.writerow([account.email] if chosen else [account.email, account.password])
        else:
            print(f"{account.email} has an account already: left unchanged", file=sys.stderr)
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("password: ")
    return sys.stdin.readline().rstrip("\n")


def _demo(args) -> int:
    from grader.limits import Limits
    from grader.sandbox import create
    from web.instructors import demo
    from web.store import db
    app = _app()
    if args.action == "remove":
        with app.app_context():
            gone = demo.remove(db.session())
            db.session().commit()
        print(f"the demo class is out: {gone} accounts removed with their submissions",
              file=sys.stderr)
        return 0
    with app.app_context():
        sandbox = create(args.sandbox or app.config["SANDBOX"] or None, Limits())
        email, password = demo.seed(db.session(), sandbox, args.students,
                                    say=lambda text: print(text, file=sys.stderr))
        db.session().commit()
    print(f"{email},{password}" if password else f"{email} (had an account already)")
    return 0


def _serve(args) -> int:
    from web import serve
    return serve.serve(args.host, args.port, args.workers)
