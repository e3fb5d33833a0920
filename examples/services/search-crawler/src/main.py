import logging


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    logging.info("worker started")


if __name__ == "__main__":
    main()
