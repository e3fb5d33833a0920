"""Builds the nightly search analytics reports."""


def main() -> None:
    print("reporting-service")


if __name__ == "__main__":
    main()
