"""Issues invoices and credit notes."""


def main() -> None:
    print("invoice-service")


if __name__ == "__main__":
    main()
