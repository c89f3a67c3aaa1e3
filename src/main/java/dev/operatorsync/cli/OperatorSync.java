package dev.operatorsync.cli;

public class OperatorSync {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
